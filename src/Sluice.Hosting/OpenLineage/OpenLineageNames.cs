using System.Security.Cryptography;
using System.Text;

namespace Sluice.Hosting.OpenLineage;

/// <summary>
/// OpenLineage names for Sluice's things: a run id as a UUID, and a lineage dataset identity as the (namespace, name)
/// pair of the OpenLineage naming conventions.
/// </summary>
public static class OpenLineageNames
{
    /// <summary>
    /// A stable UUID for a Sluice run (or <c>run/task</c>): the same in every process that reports on the run, so a
    /// resumed or distributed run and its tasks' parent facets name the same OpenLineage run. Version 8 (RFC 9562, custom):
    /// the first 16 bytes of SHA-256 of the text.
    /// </summary>
    public static Guid RunUuid(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("sluice-run:" + id), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    /// <summary>
    /// The (namespace, name) of a dataset from its lineage identity: a local file is (<c>file</c>, its absolute path);
    /// <c>s3://bucket/key</c> is (<c>s3://bucket</c>, <c>key</c>); an HTTP source is (<c>https://host:port</c>, its path and
    /// query); a PostgreSQL table <c>postgres://user@host:port/db#schema.table</c> is (<c>postgres://host:port</c>,
    /// <c>db.schema.table</c>, schema <c>public</c> when none is named); a table in a SQLite file is (<c>sqlite</c>,
    /// <c>/path/file.db#table</c>).
    /// </summary>
    public static (string Namespace, string Name) Dataset(string identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (identity.StartsWith("postgres://", StringComparison.Ordinal) || identity.StartsWith("postgresql://", StringComparison.Ordinal))
        {
            var hash = identity.IndexOf('#', StringComparison.Ordinal);
            var location = new Uri(hash >= 0 ? identity[..hash] : identity);
            var table = hash >= 0 ? identity[(hash + 1)..] : "";
            var database = location.AbsolutePath.Trim('/');
            var qualified = table.Contains('.', StringComparison.Ordinal) ? table : "public." + table;
            return ($"postgres://{location.Host}:{(location.IsDefaultPort || location.Port < 0 ? 5432 : location.Port)}", $"{database}.{qualified}");
        }
        if (identity.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(identity, UriKind.Absolute, out var uri))
        {
            var authority = uri.GetLeftPart(UriPartial.Authority);
            var name = uri.PathAndQuery.TrimStart('/');
            return (authority, name.Length == 0 ? "/" : name);
        }
        return identity.Contains('#', StringComparison.Ordinal) ? ("sqlite", identity) : ("file", identity);
    }

    /// <summary>The URI of a dataset's data source (the <c>dataSource</c> facet).</summary>
    public static string SourceUri(string @namespace) => @namespace switch
    {
        "file" => "file:///",
        "sqlite" => "sqlite:///",
        _ => @namespace,
    };
}
