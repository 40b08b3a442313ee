using System.Diagnostics;
using BenchmarkDotNet.Running;
using Sluice.Bench;

if (args.Length == 3 && args[0] == "orders-etl")
{
    var sw = Stopwatch.StartNew();
    var summary = await OrdersEtl.RunAsync(args[1], args[2]);
    Console.Out.WriteLine(summary.ToJson());
    Console.Error.WriteLine($"orders-etl: {sw.Elapsed.TotalSeconds:F3}s");
    return 0;
}

if (args.Length == 2 && args[0] == "csv-scan")
{
    var sw = Stopwatch.StartNew();
    var rows = await CsvScan.RunAsync(args[1]);
    Console.Error.WriteLine($"rows={rows} {sw.Elapsed.TotalSeconds:F3}s");
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
