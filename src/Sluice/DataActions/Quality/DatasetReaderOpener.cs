using Sluice.Data.Execution;
using Sluice.Data.Quarantine;
using Sluice.DataActions.IO;
using Sluice.Datasets;

namespace Sluice.DataActions.Quality;

/// <summary>The quality actions' view of <see cref="DatasetReader"/>: every format the data actions read.</summary>
public sealed class DatasetReaderOpener : IDatasetOpener
{
    /// <summary>The shared instance (stateless).</summary>
    public static DatasetReaderOpener Instance { get; } = new();

    /// <inheritdoc />
    public IBatchSource Open(DatasetRef dataset, IQuarantineSink? quarantine) => DatasetReader.Open(dataset, quarantine).Source;
}
