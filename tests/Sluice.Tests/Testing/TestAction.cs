using System.Collections.Concurrent;
using Sluice.Actions;

namespace Sluice.Tests.Testing;

/// <summary>An action whose behaviour a test supplies as a delegate; records every call.</summary>
public sealed class TestAction(string name, Func<ActionContext, CancellationToken, Task<IReadOnlyDictionary<string, object?>?>> body) : IAction
{
    public ConcurrentQueue<(string Task, int Item, int Attempt)> Calls { get; } = new();

    public ActionDescriptor Descriptor { get; } = new(name, "test action", [], [], AllowsExtraParameters: true, AllowsExtraOutputs: true);

    public int CallsFor(string task) => Calls.Count(c => c.Task == task);

    public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        Calls.Enqueue((context.TaskId, context.MapIndex, context.Attempt));
        var outputs = await body(context, cancellationToken);
        return outputs is null ? ActionResult.Empty : new ActionResult(outputs);
    }

    public static async Task WaitUntilAsync(Func<bool> condition, int timeoutMs = 15_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("condition not reached");
            }
            await Task.Delay(5);
        }
    }
}
