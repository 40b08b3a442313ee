using System.Text;

namespace Sluice.Streaming.Checkpoints;

/// <summary>Reads what <see cref="StateWriter"/> wrote, in the same order.</summary>
internal sealed class StateReader(byte[] state) : IDisposable
{
    private readonly BinaryReader _reader = new(new MemoryStream(state), Encoding.UTF8);

    public long ReadLong() => _reader.ReadInt64();

    public int ReadInt() => _reader.ReadInt32();

    /// <summary>The next int, without moving past it.</summary>
    public int PeekInt()
    {
        var at = _reader.BaseStream.Position;
        var value = _reader.ReadInt32();
        _reader.BaseStream.Position = at;
        return value;
    }

    public double ReadDouble() => _reader.ReadDouble();

    public bool ReadBool() => _reader.ReadBoolean();

    public string ReadString() => _reader.ReadString();

    public byte[] ReadBytes(int count) => _reader.ReadBytes(count);

    public object? ReadValue() => _reader.ReadByte() switch
    {
        0 => null,
        1 => _reader.ReadInt64(),
        2 => _reader.ReadDouble(),
        3 => _reader.ReadString(),
        4 => _reader.ReadBoolean(),
        var tag => throw new InvalidDataException($"Unknown value tag {tag} in a checkpoint."),
    };

    public void Dispose() => _reader.Dispose();
}
