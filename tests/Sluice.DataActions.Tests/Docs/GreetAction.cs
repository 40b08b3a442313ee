// The code between the "docs:" markers is shown in docs/actions.md; DocsCSharpExampleTests checks that it stays the same.
// docs:begin GreetAction
using Sluice.Actions;
using Sluice.Diagnostics;

// docs:end
namespace Sluice.DataActions.Tests.Docs;

// docs:begin GreetAction
/// <summary><c>greet</c>: builds a greeting for a name.</summary>
public sealed class GreetAction : IAction
{
    public ActionDescriptor Descriptor { get; } = new(
        "greet",
        "Builds a greeting for a name.",
        [
            new ParameterSpec("name", ParameterType.String, "Who to greet.", Required: true),
            new ParameterSpec("punctuation", ParameterType.String, "How the greeting ends. The default is '!'.",
                Default: "!", AllowedValues: ["!", "."]),
        ],
        [new OutputSpec("greeting", "The greeting.")]);

    public ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var name = (string)context.Get("name")!;
        if (name.Length == 0)
        {
            // Permanent: retrying cannot help. Pass isTransient: true for errors a retry may fix.
            throw new SluiceException("'name' is empty", isTransient: false);
        }
        context.Log.Write("info", $"greeting {name} (attempt {context.Attempt})");
        var greeting = $"Hello, {name}{context.Get("punctuation")}";
        return ValueTask.FromResult(new ActionResult(new Dictionary<string, object?> { ["greeting"] = greeting }));
    }
}
// docs:end
