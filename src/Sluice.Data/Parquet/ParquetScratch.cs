using ParquetSharp;

namespace Sluice.Data.Parquet;

/// <summary>
/// One decoding thread's scratch arrays for <see cref="ParquetLeaf"/>: the values and definition levels of one
/// <c>ReadBatch</c> call, sized for a batch and reused for every column and batch the thread reads.
/// </summary>
internal sealed class ParquetScratch(int batchRows, int leaves)
{
    private readonly int[] _stringBytes = new int[leaves];
    private long[]? _longs;
    private int[]? _ints;
    private double[]? _doubles;
    private float[]? _floats;
    private bool[]? _bools;
    private ByteArray[]? _byteArrays;

    public short[] Definitions { get; } = new short[batchRows];

    public long[] Longs => _longs ??= new long[batchRows];

    public int[] Ints => _ints ??= new int[batchRows];

    public double[] Doubles => _doubles ??= new double[batchRows];

    public float[] Floats => _floats ??= new float[batchRows];

    public bool[] Bools => _bools ??= new bool[batchRows];

    public ByteArray[] ByteArrays => _byteArrays ??= new ByteArray[batchRows];

    /// <summary>The average bytes per value of a string leaf in the batch read last (a first guess: 16).</summary>
    public int StringBytes(int leaf) => _stringBytes[leaf] == 0 ? 16 : _stringBytes[leaf];

    public void SetStringBytes(int leaf, int bytes) => _stringBytes[leaf] = bytes;
}
