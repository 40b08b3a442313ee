using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Sluice.Server.Tests.Testing;

/// <summary>
/// An OTLP/HTTP metrics receiver on 127.0.0.1: accepts <c>POST /v1/metrics</c> with an
/// <c>ExportMetricsServiceRequest</c> in protobuf (what the OpenTelemetry .NET exporter sends) and keeps every sum,
/// gauge and histogram-count data point it decodes.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<OtlpPoint> _points = new();
    private WebApplication _app = null!;
    private int _requests;

    /// <summary>The collector's base address (metrics are posted to its <c>/v1/metrics</c>).</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Export requests received.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Every data point received, in order (cumulative temporality: a later point supersedes an earlier one).</summary>
    public IReadOnlyList<OtlpPoint> Points => [.. _points];

    /// <summary>Content types of the requests (to show what the exporter sent).</summary>
    public ConcurrentBag<string> ContentTypes { get; } = [];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var r = new OtlpReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        r._app = builder.Build();
        r._app.MapPost("/v1/metrics", r.HandleAsync);
        await r._app.StartAsync();
        var address = r._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        r.Url = new Uri(address.TrimEnd('/') + "/");
        return r;
    }

    /// <summary>The value of the latest point of <paramref name="metric"/> whose attributes include <paramref name="attributes"/>.</summary>
    public double? Latest(string metric, params (string Key, string Value)[] attributes) =>
        Points.LastOrDefault(p => p.Metric == metric && attributes.All(a => p.Attributes.TryGetValue(a.Key, out var v) && v == a.Value))?.Value;

    private async Task HandleAsync(HttpContext context)
    {
        ContentTypes.Add(context.Request.ContentType ?? "");
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        foreach (var point in Decode(buffer.ToArray()))
        {
            _points.Enqueue(point);
        }
        Interlocked.Increment(ref _requests);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-protobuf";
    }

    // opentelemetry/proto/metrics/v1/metrics.proto: request.resource_metrics(1).scope_metrics(2).metrics(2);
    // Metric: name(1), gauge(5), sum(7), histogram(9); Gauge/Sum/Histogram: data_points(1);
    // NumberDataPoint: as_double(4), as_int(6), attributes(7); HistogramDataPoint: count(4), attributes(9).
    private static IEnumerable<OtlpPoint> Decode(byte[] request)
    {
        foreach (var rm in Fields(request, 1))
        {
            foreach (var sm in Fields(rm, 2))
            {
                foreach (var metric in Fields(sm, 2))
                {
                    var name = Fields(metric, 1).Select(static b => Encoding.UTF8.GetString(b)).Single();
                    foreach (var (kind, points) in new[] { (5, false), (7, false), (9, true) }.SelectMany(k => Fields(metric, k.Item1).Select(body => (k.Item2, body))))
                    {
                        foreach (var dp in Fields(points, 1))
                        {
                            yield return kind ? HistogramPoint(name, dp) : NumberPoint(name, dp);
                        }
                    }
                }
            }
        }
    }

    private static OtlpPoint NumberPoint(string metric, byte[] dp)
    {
        double value = 0;
        foreach (var (field, wire, raw, _) in Read(dp))
        {
            if (field == 4 && wire == 1)
            {
                value = BitConverter.Int64BitsToDouble((long)raw);
            }
            else if (field == 6 && wire == 1)
            {
                value = (long)raw;
            }
        }
        return new OtlpPoint(metric, Attributes(dp, 7), value);
    }

    private static OtlpPoint HistogramPoint(string metric, byte[] dp)
    {
        var count = Read(dp).Where(static f => f.Field == 4 && f.Wire == 1).Select(static f => (double)f.Raw).FirstOrDefault();
        return new OtlpPoint(metric + ".count", Attributes(dp, 9), count);
    }

    private static Dictionary<string, string> Attributes(byte[] dp, int field)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kv in Fields(dp, field))
        {
            var key = Fields(kv, 1).Select(static b => Encoding.UTF8.GetString(b)).Single();
            // AnyValue: string_value(1), int_value(3).
            var any = Fields(kv, 2).SingleOrDefault() ?? [];
            var text = Fields(any, 1).Select(static b => Encoding.UTF8.GetString(b)).FirstOrDefault()
                ?? Read(any).Where(static f => f.Field == 3).Select(static f => ((long)f.Raw).ToString(System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault()
                ?? "";
            attributes[key] = text;
        }
        return attributes;
    }

    private static IEnumerable<byte[]> Fields(byte[] message, int field) =>
        Read(message).Where(f => f.Field == field && f.Wire == 2).Select(static f => f.Bytes!);

    private static List<(int Field, int Wire, ulong Raw, byte[]? Bytes)> Read(byte[] message)
    {
        var fields = new List<(int, int, ulong, byte[]?)>();
        var i = 0;
        while (i < message.Length)
        {
            var tag = Varint(message, ref i);
            var field = (int)(tag >> 3);
            var wire = (int)(tag & 7);
            switch (wire)
            {
                case 0:
                    fields.Add((field, wire, Varint(message, ref i), null));
                    break;
                case 1:
                    fields.Add((field, wire, BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(i, 8)), null));
                    i += 8;
                    break;
                case 2:
                    var length = (int)Varint(message, ref i);
                    fields.Add((field, wire, 0, message.AsSpan(i, length).ToArray()));
                    i += length;
                    break;
                case 5:
                    fields.Add((field, wire, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(i, 4)), null));
                    i += 4;
                    break;
                default:
                    throw new InvalidDataException($"protobuf wire type {wire} at byte {i}");
            }
        }
        return fields;
    }

    private static ulong Varint(byte[] message, ref int i)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[i++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>One data point an <see cref="OtlpReceiver"/> decoded: a histogram's is its count, named <c>metric.count</c>.</summary>
public sealed record OtlpPoint(string Metric, IReadOnlyDictionary<string, string> Attributes, double Value);
