using System.Globalization;
using System.Security.Cryptography;

namespace Sluice.State;

/// <summary>Run ids: <c>yyyyMMddTHHmmss-xxxxxx</c> (UTC creation time + 24 random bits), so ids sort by creation time.</summary>
public static class RunIds
{
    /// <summary>A new id for a run created at <paramref name="now"/>.</summary>
    public static string New(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
}
