namespace Sluice.Data.Execution.Spill;

/// <summary>Creates the temporary files spilled data goes to: in the budget's folder, deleted when closed.</summary>
internal static class SpillFile
{
    private const int BufferSize = 256 << 10;

    /// <exception cref="DataException">The file cannot be created (transient when it is an I/O error).</exception>
    public static FileStream Create(MemoryBudget budget)
    {
        try
        {
            Directory.CreateDirectory(budget.SpillDirectory);
            var path = Path.Combine(budget.SpillDirectory, $"sluice-spill-{Guid.NewGuid():N}.tmp");
            return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize, FileOptions.DeleteOnClose);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"Cannot create a spill file in '{budget.SpillDirectory}': {ex.Message}", isTransient: ex is IOException, ex);
        }
    }
}
