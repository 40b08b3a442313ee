using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Text;

namespace Sluice.Data.Csv;

/// <summary>Converts the text of one CSV column into a typed column builder. One instance per chunk; not thread-safe.</summary>
internal abstract class FieldConverter
{
    /// <summary>Appends a non-empty field (or a quoted empty one); false when the text does not parse.</summary>
    public abstract bool Append(ReadOnlySpan<byte> field, bool quoted);

    public abstract void AppendNull();

    public abstract void Truncate(int count);

    public abstract Column Build();

    public static FieldConverter Create(DataType type, int capacity, bool dictionary, bool quotedEmptyIsEmptyString) => type.Kind switch
    {
        TypeKind.Int64 => new Parsed<long>(type, capacity, static (s, _) => (Utf8Parse.TryInt64(s, out var v), v)),
        TypeKind.Decimal => new Parsed<long>(type, capacity, static (s, t) => (Utf8Parse.TryDecimal(s, t.Scale, out var v), v)),
        TypeKind.Float64 => new Parsed<double>(type, capacity, static (s, _) => (Utf8Parse.TryFloat64(s, out var v), v)),
        TypeKind.Bool => new Parsed<bool>(type, capacity, static (s, _) => (Utf8Parse.TryBool(s, out var v), v)),
        TypeKind.Date => new Parsed<int>(type, capacity, static (s, _) => (Utf8Parse.TryDate(s, out var v), v)),
        TypeKind.Timestamp => new Parsed<long>(type, capacity, static (s, _) => (Utf8Parse.TryTimestamp(s, out var v), v)),
        _ => new Text(capacity, dictionary, quotedEmptyIsEmptyString),
    };

    private delegate (bool Ok, T Value) ParseFunc<T>(ReadOnlySpan<byte> text, DataType type);

    private sealed class Parsed<T>(DataType type, int capacity, ParseFunc<T> parse) : FieldConverter
        where T : unmanaged
    {
        private readonly PrimitiveBuilder<T> _builder = new(capacity);

        public override bool Append(ReadOnlySpan<byte> field, bool quoted)
        {
            if (field.IsEmpty)
            {
                _builder.AppendNull();
                return true;
            }

            var (ok, value) = parse(field, type);
            if (!ok)
            {
                return false;
            }

            _builder.Append(value);
            return true;
        }

        public override void AppendNull() => _builder.AppendNull();

        public override void Truncate(int count) => _builder.Truncate(count);

        public override Column Build() => _builder.Build(type);
    }

    private sealed class Text : FieldConverter
    {
        private readonly DictionaryBuilder? _dictionary;
        private readonly Utf8Builder? _plain;
        private readonly bool _quotedEmptyIsEmpty;

        public Text(int capacity, bool dictionary, bool quotedEmptyIsEmptyString)
        {
            _quotedEmptyIsEmpty = quotedEmptyIsEmptyString;
            if (dictionary)
            {
                _dictionary = new DictionaryBuilder(capacity);
            }
            else
            {
                _plain = new Utf8Builder(capacity, capacity * 16);
            }
        }

        public override bool Append(ReadOnlySpan<byte> field, bool quoted)
        {
            if (field.IsEmpty && !(quoted && _quotedEmptyIsEmpty))
            {
                AppendNull();
            }
            else if (_dictionary is not null)
            {
                _dictionary.Append(field);
            }
            else
            {
                _plain!.Append(field);
            }

            return true;
        }

        public override void AppendNull()
        {
            if (_dictionary is not null)
            {
                _dictionary.AppendNull();
            }
            else
            {
                _plain!.AppendNull();
            }
        }

        public override void Truncate(int count)
        {
            if (_dictionary is not null)
            {
                _dictionary.Truncate(count);
            }
            else
            {
                _plain!.Truncate(count);
            }
        }

        public override Column Build() => _dictionary is not null ? _dictionary.Build() : _plain!.Build();
    }
}
