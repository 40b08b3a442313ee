namespace Sluice.Actions;

/// <summary>
/// The language of a parameter whose text is code that runs (see <see cref="ParameterSpec.Code"/>). A
/// <c>{{ }}</c> template spliced into such text can change the code itself, so the definition validator warns
/// about it (SLU047) unless the value is quoted for that language.
/// </summary>
public enum CodeLanguage
{
    /// <summary>Not code: templates are spliced in as they are.</summary>
    None,
    /// <summary>A POSIX shell command line (<c>/bin/sh -c</c>); the quoting filter is <c>shell_quote</c>.</summary>
    Shell,
    /// <summary>SQL statements; the quoting filter is <c>sql_literal</c>.</summary>
    Sql,
}
