namespace Sluice.Data.Parquet.Format;

/// <summary>Field repetition (the <c>FieldRepetitionType</c> enum of the format).</summary>
internal enum Repetition
{
    Required = 0,
    Optional = 1,
    Repeated = 2,
}
