using Sluice.Actions;
using Sluice.Execution;
using Sluice.State;

namespace Sluice.Distributed;

/// <summary>An attempt's log, kept in memory and committed with the attempt's outcome (secrets redacted).</summary>
internal sealed class CollectingTaskLog(SecretRedactor redactor, TimeProvider time, ClaimedWork work) : ITaskLog
{
    private readonly List<LogRecord> _lines = [];

    public IReadOnlyList<LogRecord> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public void Write(string stream, string line)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(line);
        var record = new LogRecord(0, work.RunId!, work.TaskId!, work.MapIndex, work.Attempt, time.GetUtcNow(), stream, redactor.Redact(line));
        lock (_lines)
        {
            _lines.Add(record);
        }
    }
}
