using Sluice.Actions;
using Sluice.State;

namespace Sluice.Execution;

/// <summary>An attempt's log: lines go to the store through the group-commit writer, secrets redacted.</summary>
internal sealed class TaskLog(StateWriter writer, SecretRedactor redactor, TimeProvider time, string runId, string taskId, int mapIndex, int attempt) : ITaskLog
{
    public void Write(string stream, string line)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(line);
        writer.Enqueue(new LogRecord(0, runId, taskId, mapIndex, attempt, time.GetUtcNow(), stream, redactor.Redact(line)));
    }
}
