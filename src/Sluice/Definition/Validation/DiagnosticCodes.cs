namespace Sluice.Definition.Validation;

/// <summary>
/// The stable codes of definition diagnostics. A code never changes meaning; new problems get new codes.
/// SLU300 (template and expression syntax) comes from <see cref="Expressions.Template"/>.
/// </summary>
public static class DiagnosticCodes
{
    /// <summary>The text is not valid YAML (bad indentation, tab, unclosed quote or bracket).</summary>
    public const string YamlSyntax = "SLU001";
    /// <summary>The document is empty or its top level is not a mapping.</summary>
    public const string NotAPipeline = "SLU002";
    /// <summary>A key is not part of the format at this place.</summary>
    public const string UnknownKey = "SLU003";
    /// <summary>A mapping has the same key twice.</summary>
    public const string DuplicateKey = "SLU004";
    /// <summary>A value has the wrong YAML type (a list where a mapping is expected, text where a number is expected).</summary>
    public const string WrongType = "SLU005";
    /// <summary>A required key is missing.</summary>
    public const string MissingKey = "SLU006";
    /// <summary>A value is not one of the allowed words (backoff, trigger_rule, input type, trigger type).</summary>
    public const string InvalidValue = "SLU007";
    /// <summary>A duration cannot be parsed or is negative.</summary>
    public const string BadDuration = "SLU008";
    /// <summary>A cron expression is malformed.</summary>
    public const string BadCron = "SLU009";
    /// <summary>A time zone is not a known IANA id.</summary>
    public const string BadTimeZone = "SLU010";
    /// <summary>The pipeline id has characters outside <c>[a-z0-9_-]</c>.</summary>
    public const string BadPipelineId = "SLU011";
    /// <summary>A number is out of range (negative retries, zero workers).</summary>
    public const string OutOfRange = "SLU012";

    /// <summary>A task id is not a valid identifier.</summary>
    public const string BadTaskId = "SLU020";
    /// <summary>Two tasks have the same id.</summary>
    public const string DuplicateTaskId = "SLU021";
    /// <summary>A dependency names no task.</summary>
    public const string UnknownDependency = "SLU022";
    /// <summary>A task depends on itself.</summary>
    public const string SelfDependency = "SLU023";
    /// <summary>Dependencies form a cycle.</summary>
    public const string Cycle = "SLU024";

    /// <summary>A reference names neither a task nor a namespace.</summary>
    public const string UnknownReference = "SLU030";
    /// <summary>A reference reads an output the task does not declare.</summary>
    public const string UndeclaredOutput = "SLU031";
    /// <summary>A reference reads a task that is not upstream of the reader.</summary>
    public const string NotUpstream = "SLU032";
    /// <summary><c>item</c> or <c>item_index</c> is used outside a <c>for_each</c> task's parameters or condition.</summary>
    public const string ItemOutsideForEach = "SLU033";
    /// <summary>An <c>inputs.x</c> reference names an undeclared input (a warning).</summary>
    public const string UndeclaredInput = "SLU034";
    /// <summary>A <c>context.x</c> reference names a key the context block does not have.</summary>
    public const string UnknownContextKey = "SLU035";

    /// <summary>No action is registered under the name.</summary>
    public const string UnknownAction = "SLU040";
    /// <summary>The action has no such parameter.</summary>
    public const string UnknownParameter = "SLU041";
    /// <summary>A required parameter is not set.</summary>
    public const string MissingParameter = "SLU042";
    /// <summary>A literal parameter value has the wrong type.</summary>
    public const string ParameterType = "SLU043";
    /// <summary>A literal parameter value is not among the allowed values.</summary>
    public const string ParameterNotAllowed = "SLU044";
    /// <summary><c>&lt;AUTO&gt;</c> is used on a parameter that does not support it.</summary>
    public const string AutoNotSupported = "SLU045";
    /// <summary>A task declares an output its action does not produce.</summary>
    public const string OutputNotProduced = "SLU046";
    /// <summary>A template is spliced unquoted into a parameter that is code (a shell command, SQL) (a warning).</summary>
    public const string TemplateInCode = "SLU047";

    /// <summary>An input's default does not match its type.</summary>
    public const string InputDefaultType = "SLU050";
    /// <summary>An input's default or enum values do not agree.</summary>
    public const string InputEnum = "SLU051";

    /// <summary>A task names a model the pipeline does not declare.</summary>
    public const string UnknownModel = "SLU060";
    /// <summary>A trigger is malformed (missing or unknown keys for its type, bad values).</summary>
    public const string BadTrigger = "SLU061";

    /// <summary>A condition is not a valid expression.</summary>
    public const string BadCondition = "SLU070";
}
