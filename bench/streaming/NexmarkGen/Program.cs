using System.Globalization;
using System.Text;
using Sluice.Streaming.Nexmark;

// Writes the Nexmark-style events the examples and tests use (NexmarkGenerator) to a file, for bench/streaming/run.sh.
//   dotnet run -c Release --project bench/streaming/NexmarkGen -- EVENTS OUT.ndjson [SEED]
if (args.Length < 2 || !long.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
{
    Console.Error.WriteLine("usage: NexmarkGen EVENTS OUT.ndjson [SEED]");
    return 2;
}
var seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 42;
using (var writer = new StreamWriter(args[1], append: false, new UTF8Encoding(false), bufferSize: 1 << 20))
{
    new NexmarkGenerator(seed).Write(writer, count);
}
Console.WriteLine(args[1]);
return 0;
