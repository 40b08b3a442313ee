using System.Text.Json;

namespace Sluice.AI.Chat;

/// <summary>One structured-output request: instructions, the user's message, and the JSON schema the answer must match.</summary>
/// <param name="System">The system message.</param>
/// <param name="User">The user message.</param>
/// <param name="Schema">The answer's JSON schema (sent as <c>response_format: json_schema</c>).</param>
/// <param name="SchemaName">The schema's name in the request.</param>
internal sealed record ChatCall(string System, string User, JsonElement Schema, string SchemaName);
