using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Server.Api;

/// <summary>JSON conventions of the API: snake_case names, nulls kept, unknown request fields rejected.</summary>
internal static class ApiJson
{
    public static void Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        o.DictionaryKeyPolicy = null;
        o.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }

    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(o);
        return o;
    }
}
