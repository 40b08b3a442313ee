using System.Text.Json;

namespace Sluice.Expressions;

/// <summary>An opaque value (such as a dataset handle) that knows its stored JSON form.</summary>
public interface IJsonValue
{
    /// <summary>Writes the value; <see cref="ExprValues.FromJson"/> must read it back to an equal value.</summary>
    void WriteJson(Utf8JsonWriter writer);
}
