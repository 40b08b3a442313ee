using System.Diagnostics;
using BenchmarkDotNet.Running;
using Sluice.Bench;

if (args.Length == 3 && args[0] == "orders-etl")
{
    var sw = Stopwatch.StartNew();
    var summary = await OrdersEtl.RunAsync(args[1], args[2]);
    Console.Out.WriteLine(summary.ToJson());
    Console.Error.WriteLine($"orders-etl: {sw.Elapsed.TotalSeconds:F3}s");
    if (Environment.GetEnvironmentVariable("SLUICE_BENCH_MEMORY") == "1")
    {
        var gc = GC.GetGCMemoryInfo();
        Console.Error.WriteLine($"budget: {Sluice.Data.Execution.MemoryBudget.Default}; GC heap {gc.HeapSizeBytes >> 20} MiB, committed {gc.TotalCommittedBytes >> 20} MiB, gen2 count {GC.CollectionCount(2)}, allocated {GC.GetTotalAllocatedBytes() >> 20} MiB");
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, true, true);
        gc = GC.GetGCMemoryInfo();
        Console.Error.WriteLine($"after full GC: heap {gc.HeapSizeBytes >> 20} MiB, committed {gc.TotalCommittedBytes >> 20} MiB, pool idle {Sluice.Data.Columns.LargeArrayPool.IdleBytes >> 20} MiB, gen sizes {string.Join("/", gc.GenerationInfo.ToArray().Select(g => g.SizeAfterBytes >> 20))}");
    }
    return 0;
}

if (args.Length == 2 && args[0] == "csv-scan")
{
    var sw = Stopwatch.StartNew();
    var rows = await CsvScan.RunAsync(args[1]);
    Console.Error.WriteLine($"rows={rows} {sw.Elapsed.TotalSeconds:F3}s");
    return 0;
}

if (args.Length is 3 or 4 && args[0] == "artifact-read")
{
    await ArtifactRead.RunAsync(args[1], args[2], args.Length == 4 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 3);
    return 0;
}

if (args.Length is 4 or 5 && args[0] == "parquet")
{
    // parquet write|read sluice|parquetsharp|parquetnet PATH [ROWS]: one measured operation (bench/parquet/run.sh).
    return await ParquetCodecs.RunAsync(args[1], args[2], args[3], args.Length == 5 ? long.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 0);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
