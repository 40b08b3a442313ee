using Sluice.Definition.Yaml;

namespace Sluice.Actions.BuiltIn.SubPipeline;

/// <summary>
/// Finds and loads the file a <c>pipeline</c> task names. Loading a pipeline validates its own <c>pipeline</c> tasks,
/// which load their children in turn: the files being loaded on this thread form a chain, and a file that appears
/// in it twice is a recursion.
/// </summary>
internal static class ChildPipelineFile
{
    [ThreadStatic]
    private static List<string>? t_loading;

    /// <summary>
    /// The full path of <paramref name="path"/>: as given when absolute, else relative to the folder of
    /// <paramref name="parentFile"/> when that file exists, else to the current directory.
    /// </summary>
    public static string Resolve(string path, string parentFile)
    {
        if (Path.IsPathRooted(path))
        {
            return Path.GetFullPath(path);
        }
        var folder = HasFile(parentFile) ? Path.GetDirectoryName(Path.GetFullPath(parentFile))! : Directory.GetCurrentDirectory();
        return Path.GetFullPath(Path.Combine(folder, path));
    }

    /// <summary>True when <paramref name="file"/> is a file on disk (not a made-up name like <c>&lt;code&gt;</c>), a base for relative paths.</summary>
    public static bool HasFile(string file)
    {
        try
        {
            return file.Length > 0 && File.Exists(file);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Loads <paramref name="childFile"/> on behalf of <paramref name="parentFile"/>. Returns null and the chain of
    /// files (ending with the repeated one) when the child is already being loaded further up.
    /// </summary>
    public static LoadResult? LoadNested(string parentFile, string childFile, ActionRegistry actions, out IReadOnlyList<string>? recursion)
    {
        var loading = t_loading ??= [];
        var parent = HasFile(parentFile) ? Path.GetFullPath(parentFile) : parentFile;
        var pushedParent = loading.Count == 0 || !string.Equals(loading[^1], parent, StringComparison.Ordinal);
        if (pushedParent)
        {
            loading.Add(parent);
        }
        try
        {
            var first = loading.FindIndex(f => string.Equals(f, childFile, StringComparison.Ordinal));
            if (first >= 0)
            {
                recursion = [.. loading.Skip(first), childFile];
                return null;
            }
            recursion = null;
            loading.Add(childFile);
            try
            {
                return PipelineLoader.LoadFile(childFile, actions);
            }
            finally
            {
                loading.RemoveAt(loading.Count - 1);
            }
        }
        finally
        {
            if (pushedParent)
            {
                loading.RemoveAt(loading.Count - 1);
            }
        }
    }
}
