using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Security;

/// <summary>
/// Tokens for the UI's HTML forms (signed double submit): a random value in the <c>sluice_csrf</c> cookie, and in the
/// form a hidden <c>csrf_token</c> field holding that value's signature (<see cref="ServerKeys.Form"/>). Another site
/// can neither read the cookie nor compute the signature, and a cookie planted by a sibling domain has no matching field.
/// </summary>
internal sealed class FormTokens(ServerKeys keys)
{
    public const string CookieName = "sluice_csrf";
    public const string FieldName = "csrf_token";

    /// <summary>The <c>HttpContext.Items</c> key set once a request's form token was found valid.</summary>
    public const string CheckedKey = "sluice.form-token-checked";

    /// <summary>The field value for a form on this response, setting the cookie when the request has none.</summary>
    public string ForForm(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var nonce) || nonce.Length < 16)
        {
            nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            context.Response.Cookies.Append(CookieName, nonce, CookieAttributes.For(context, lifetime: null));
        }
        return ServerKeys.Sign(keys.Form, Label(nonce));
    }

    /// <summary>Whether the posted form's token belongs to the request's cookie.</summary>
    public bool IsValid(HttpRequest request, IFormCollection form) =>
        request.Cookies.TryGetValue(CookieName, out var nonce) && nonce.Length >= 16
        && form[FieldName].ToString() is { Length: > 0 } field && ServerKeys.Verify(keys.Form, Label(nonce), field);

    private static string Label(string nonce) => "form|" + nonce;
}
