namespace Sluice.Secrets;

/// <summary>
/// Where secrets come from by default: environment variables <c>SLUICE_SECRET_NAME</c>, files in the folder named by
/// <c>SLUICE_SECRETS_DIR</c> (one file per secret, as Docker and Kubernetes mount them; a trailing newline is dropped),
/// then a plain environment variable <c>NAME</c>.
/// </summary>
public static class SecretSources
{
    /// <summary>The prefix of environment variables that hold secrets.</summary>
    public const string EnvironmentPrefix = "SLUICE_SECRET_";

    /// <summary>The environment variable naming a folder of secret files.</summary>
    public const string DirectoryVariable = "SLUICE_SECRETS_DIR";

    /// <summary>Resolves <c>secret('NAME')</c> from the default sources; null when no source has it.</summary>
    public static string? Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Environment.GetEnvironmentVariable(EnvironmentPrefix + name)
            ?? FromDirectory(name)
            ?? Environment.GetEnvironmentVariable(name);
    }

    /// <summary>
    /// Every value the default sources hold as a secret (all <c>SLUICE_SECRET_*</c> variables and secret files), so that
    /// they are redacted even where a task uses them without <c>secret()</c> (a shell reading <c>$SLUICE_SECRET_TOKEN</c>).
    /// </summary>
    public static IEnumerable<string> AmbientValues()
    {
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            if (e.Key is string key && key.StartsWith(EnvironmentPrefix, StringComparison.Ordinal) && e.Value is string value)
            {
                yield return value;
            }
        }
        if (Directory() is { } dir)
        {
            foreach (var file in SafeFiles(dir))
            {
                if (Read(file) is { } value)
                {
                    yield return value;
                }
            }
        }
    }

    /// <summary>True when an environment variable holds a secret and must not be inherited by child processes unasked.</summary>
    public static bool IsSecretVariable(string name) => name.StartsWith(EnvironmentPrefix, StringComparison.Ordinal);

    private static string? Directory() => Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } d ? d : null;

    private static string? FromDirectory(string name)
    {
        // A secret's name is a file name in the folder, never a path out of it.
        if (Directory() is not { } dir || name.Length == 0 || name.IndexOfAny(['/', '\\', '\0']) >= 0 || name is "." or "..")
        {
            return null;
        }
        return Read(Path.Combine(dir, name));
    }

    private static string[] SafeFiles(string dir)
    {
        try
        {
            return System.IO.Directory.GetFiles(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string? Read(string path)
    {
        try
        {
            if (!File.Exists(path) || new FileInfo(path).Length > 1 << 20)
            {
                return null;
            }
            var text = File.ReadAllText(path);
            return text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
