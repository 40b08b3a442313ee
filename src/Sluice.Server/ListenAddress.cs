namespace Sluice.Server;

/// <summary>One entry of the <c>--urls</c> list.</summary>
/// <param name="Url">The address as given.</param>
/// <param name="Host">Its host: a name, an IP address (IPv6 in brackets), or empty for <c>*</c> and <c>+</c>.</param>
/// <param name="IsLoopback">It binds a loopback address only.</param>
/// <param name="IsWildcard">It binds every interface (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>, a host name other than <c>localhost</c>).</param>
internal sealed record ListenAddress(string Url, string Host, bool IsLoopback, bool IsWildcard);
