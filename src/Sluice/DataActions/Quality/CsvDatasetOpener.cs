using Sluice.Data.Csv;
using Sluice.Data.Execution;
using Sluice.Data.Quarantine;
using Sluice.Datasets;
using Sluice.Diagnostics;

namespace Sluice.DataActions.Quality;

/// <summary>A minimal <see cref="IDatasetOpener"/> for CSV files (the default until the full dataset I/O is plugged in).</summary>
public sealed class CsvDatasetOpener : IDatasetOpener
{
    /// <inheritdoc />
    public IBatchSource Open(DatasetRef dataset, IQuarantineSink? quarantine)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Format is not ("csv" or "csv.gz"))
        {
            throw new SluiceException($"cannot open {dataset}: only CSV is supported by {nameof(CsvDatasetOpener)}");
        }

        return CsvSource.Open(dataset.Path, new CsvReadOptions(), quarantine);
    }
}
