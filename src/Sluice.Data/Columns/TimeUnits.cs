namespace Sluice.Data.Columns;

/// <summary>Questions about the unit names of <c>date_trunc</c>, <c>date_add</c> and <c>rollup</c> (one reading of them, <see cref="CalendarMath.ParseUnit"/>).</summary>
public static class TimeUnits
{
    /// <summary>True for a day or a longer unit (day, week, month, quarter, year), whose periods are dates.</summary>
    /// <exception cref="DataException">The name is not a unit.</exception>
    public static bool IsDayOrLonger(string unit, string function) => CalendarMath.ParseUnit(unit, function) >= TimeUnit.Day;
}
