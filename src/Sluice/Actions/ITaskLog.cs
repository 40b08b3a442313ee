namespace Sluice.Actions;

/// <summary>Where an action writes its log; lines are stored with the task instance and shown by <c>sluice logs</c>.</summary>
public interface ITaskLog
{
    /// <summary>Appends one line. <paramref name="stream"/> is <c>stdout</c>, <c>stderr</c> or <c>info</c>.</summary>
    void Write(string stream, string line);
}
