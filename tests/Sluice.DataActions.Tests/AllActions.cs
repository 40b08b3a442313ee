using Sluice.Actions;
using Sluice.Actions.BuiltIn;
using Sluice.DataActions.IO;

namespace Sluice.DataActions.Tests;

/// <summary>The core's built-in actions, the data actions and the AI actions (files only: no database providers, no response cache).</summary>
internal static class AllActions
{
    public static ActionRegistry CreateRegistry()
    {
        var tables = new TableProviders();
        return AI.AiActionSet.Register(DataActionSet.Register(BuiltInActions.CreateRegistry(), tables), tables);
    }
}
