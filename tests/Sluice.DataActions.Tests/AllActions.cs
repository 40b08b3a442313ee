using Sluice.Actions;
using Sluice.Actions.BuiltIn;
using Sluice.DataActions.IO;

namespace Sluice.DataActions.Tests;

/// <summary>The core's built-in actions and the data actions (files only: no database providers).</summary>
internal static class AllActions
{
    public static ActionRegistry CreateRegistry() => DataActionSet.Register(BuiltInActions.CreateRegistry(), new TableProviders());
}
