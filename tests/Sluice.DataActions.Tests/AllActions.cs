using Sluice.Actions;
using Sluice.Actions.BuiltIn;
using Sluice.DataActions.IO;

namespace Sluice.DataActions.Tests;

/// <summary>The core's built-in actions, the data actions, the AI actions and <c>stream</c> (files only: no database providers, no response cache, no checkpoints).</summary>
internal static class AllActions
{
    public static ActionRegistry CreateRegistry()
    {
        var tables = new TableProviders();
        return Streaming.StreamActionSet.Register(AI.AiActionSet.Register(DataActionSet.Register(BuiltInActions.CreateRegistry(), tables), tables));
    }
}
