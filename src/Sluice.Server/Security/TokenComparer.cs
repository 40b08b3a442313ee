using System.Security.Cryptography;
using System.Text;

namespace Sluice.Server.Security;

/// <summary>Compares secrets in constant time (hashing first, so length does not leak either).</summary>
internal static class TokenComparer
{
    public static bool AreEqual(string given, string expected)
    {
        Span<byte> a = stackalloc byte[32];
        Span<byte> b = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(given), a);
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
