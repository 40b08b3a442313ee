using System.Text;

namespace Sluice.Streaming.Checkpoints;

/// <summary>Writes operator state into a checkpoint: primitives and tagged values (null, long, double, string, bool).</summary>
internal sealed class StateWriter : IDisposable
{
    private readonly MemoryStream _stream = new();
    private readonly BinaryWriter _writer;

    public StateWriter() => _writer = new BinaryWriter(_stream, Encoding.UTF8, leaveOpen: true);

    public void Write(long value) => _writer.Write(value);

    public void Write(int value) => _writer.Write(value);

    public void Write(double value) => _writer.Write(value);

    public void Write(bool value) => _writer.Write(value);

    public void Write(string value) => _writer.Write(value);

    public void Write(ReadOnlySpan<byte> bytes) => _writer.Write(bytes);

    public void WriteValue(object? value)
    {
        switch (value)
        {
            case null:
                _writer.Write((byte)0);
                break;
            case long l:
                _writer.Write((byte)1);
                _writer.Write(l);
                break;
            case double d:
                _writer.Write((byte)2);
                _writer.Write(d);
                break;
            case string s:
                _writer.Write((byte)3);
                _writer.Write(s);
                break;
            case bool b:
                _writer.Write((byte)4);
                _writer.Write(b);
                break;
            default:
                throw new InvalidOperationException($"A {value.GetType().Name} cannot be checkpointed.");
        }
    }

    public byte[] ToArray()
    {
        _writer.Flush();
        return _stream.ToArray();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _stream.Dispose();
    }
}
