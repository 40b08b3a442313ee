using System.Security.Cryptography;
using System.Text;

namespace Sluice.Server.Security;

/// <summary>
/// Keys that sign the login session cookie and the form token. With an API token they are derived from it, so
/// servers sharing a token (several servers on one PostgreSQL store) accept each other's cookies, a restart keeps
/// browsers signed in, and changing the token signs everyone out. The derivation is deliberately slow (PBKDF2) so a
/// stolen cookie is a poor oracle for guessing the token. Without a token the keys are random for this process.
/// </summary>
internal sealed class ServerKeys
{
    private const int Iterations = 100_000;

    public ServerKeys(string? token)
    {
        var master = string.IsNullOrEmpty(token)
            ? RandomNumberGenerator.GetBytes(32)
            : Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(token), "sluice-server-keys-v1"u8, Iterations, HashAlgorithmName.SHA256, 32);
        Session = HMACSHA256.HashData(master, "session cookie"u8);
        Form = HMACSHA256.HashData(master, "form token"u8);
    }

    /// <summary>Signs session cookies.</summary>
    public byte[] Session { get; }

    /// <summary>Signs form tokens.</summary>
    public byte[] Form { get; }

    /// <summary>The HMAC of <paramref name="text"/> under <paramref name="key"/>, base64url-encoded.</summary>
    public static string Sign(byte[] key, string text) => System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));

    /// <summary>Whether <paramref name="signature"/> is the signature of <paramref name="text"/>, compared in constant time.</summary>
    public static bool Verify(byte[] key, string text, string signature)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(key, text));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
