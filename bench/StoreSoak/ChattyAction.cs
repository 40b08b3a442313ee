using Sluice.Actions;

namespace StoreSoak;

/// <summary>A task that leaves what real tasks leave in the store: log lines and an output of about 1 KB.</summary>
internal sealed class ChattyAction : IAction
{
    private static readonly string Line = new('x', 100);
    private static readonly string Output = new('o', 1000);

    public ActionDescriptor Descriptor { get; } = new("chatty", "writes 20 log lines and a 1 KB output", [], [], AllowsExtraParameters: true, AllowsExtraOutputs: true);

    public ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 20; i++)
        {
            context.Log.Write("info", Line);
        }
        return ValueTask.FromResult(new ActionResult(new Dictionary<string, object?> { ["text"] = Output }));
    }
}
