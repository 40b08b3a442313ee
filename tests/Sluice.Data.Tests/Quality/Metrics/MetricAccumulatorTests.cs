using Sluice.Data.Quality.Checks;
using Sluice.Data.Quality.Metrics;

namespace Sluice.Data.Tests.Quality.Metrics;

public sealed class MetricAccumulatorTests
{
    // amount: 10, null, 30, null, 20 → 5 rows, 2 null, non-null 10/30/20.
    private static readonly ITableView Amounts = new TableView(("amount", ColumnViews.Numbers(10, null, 30, null, 20)));
    private static readonly ITableView NoAmounts = new TableView(("amount", ColumnViews.Numbers(Array.Empty<double?>())));

    internal static MetricResult Measure(string check, MetricContext? context, params ITableView[] batches)
    {
        var parsed = CheckParser.Parse(check);
        parsed.Diagnostics.ShouldBeEmpty();
        var accumulator = MetricAccumulator.Create(parsed.Check!, context);
        foreach (var batch in batches)
        {
            accumulator.Accumulate(batch);
        }

        return accumulator.Result;
    }

    private static MetricResult Measure(string check, params ITableView[] batches) => Measure(check, null, batches);

    [Fact]
    public void RowCount_CountsNullRowsToo()
    {
        Measure("row_count > 0", Amounts).Value.ShouldBe(5);
        Measure("row_count > 0", NoAmounts).Value.ShouldBe(0);
        Measure("row_count > 0", Amounts, Amounts).Value.ShouldBe(10);
    }

    [Fact]
    public void Missing_CountAndPercentOfRows()
    {
        Measure("missing_count(amount) = 0", Amounts).ShouldBe(new MetricResult(MetricKind.MissingCount, 2, 5, 5, 2));
        Measure("missing_percent(amount) < 1", Amounts).Value.ShouldBe(40);
    }

    [Fact]
    public void Missing_EmptyInput_IsZeroNotNaN()
    {
        Measure("missing_count(amount) = 0", NoAmounts).Value.ShouldBe(0);
        Measure("missing_percent(amount) < 1", NoAmounts).Value.ShouldBe(0);
    }

    [Fact]
    public void Missing_EmptyStringIsAValue() =>
        Measure("missing_count(name) = 0", new TableView(("name", ColumnViews.Texts("", null, "x")))).Value.ShouldBe(1);

    [Fact]
    public void Duplicate_IsKeyedRowsMinusDistinctKeys_IgnoringNulls()
    {
        // ids 1,1,1,2,null,3,3 → 6 keyed rows, 3 distinct → 3 duplicates, 50 %.
        var batch = new TableView(("id", ColumnViews.Numbers(1, 1, 1, 2, null, 3, 3)));
        Measure("duplicate_count(id) = 0", batch).ShouldBe(new MetricResult(MetricKind.DuplicateCount, 3, 7, 6, 3));
        Measure("duplicate_percent(id) < 1", batch).Value.ShouldBe(50);
    }

    [Fact]
    public void Duplicate_CompositeKey_SkipsRowsWithANullPart()
    {
        // (x,1) (x,1) (x,2) (null,1) → 3 keyed rows, 2 distinct → 1 duplicate, 100/3 %.
        var batch = new TableView(("a", ColumnViews.Texts("x", "x", "x", null)), ("b", ColumnViews.Numbers(1, 1, 2, 1)));
        Measure("duplicate_count(a, b) = 0", batch).Value.ShouldBe(1);
        Measure("duplicate_percent(a, b) < 1", batch).Value!.Value.ShouldBe(100.0 / 3, 1e-12);
    }

    [Fact]
    public void Duplicate_AcrossBatches_RemembersEarlierKeys()
    {
        var first = new TableView(("id", ColumnViews.Texts("a", "b")));
        var second = new TableView(("id", ColumnViews.Texts("b", "c", "a")));
        Measure("duplicate_count(id) = 0", first, second).Value.ShouldBe(2);
    }

    [Fact]
    public void Duplicate_EmptyOrAllNull_IsZero()
    {
        Measure("duplicate_percent(amount) < 1", NoAmounts).Value.ShouldBe(0);
        Measure("duplicate_percent(id) < 1", new TableView(("id", ColumnViews.Texts(null, null)))).Value.ShouldBe(0);
    }

    [Fact]
    public void Duplicate_ZeroAndNegativeZero_AreOneValue() =>
        Measure("duplicate_count(x) = 0", new TableView(("x", ColumnViews.Numbers(0.0, -0.0)))).Value.ShouldBe(1);

    [Fact]
    public void Distinct_CountsNonNullValues()
    {
        Measure("distinct_count(c) >= 2", new TableView(("c", ColumnViews.Texts("a", "b", "a", null)))).Value.ShouldBe(2);
        Measure("distinct_count(amount) >= 2", NoAmounts).Value.ShouldBe(0);
    }

    [Fact]
    public void Invalid_RegexOverNonNullRows()
    {
        // Non-null: a@b.c, bad, x@y.z, "" → "bad" and "" are invalid: 2 of 4 → 50 %.
        var batch = new TableView(("email", ColumnViews.Texts("a@b.c", "bad", null, "x@y.z", "")));
        Measure("invalid_count(email) = 0 valid regex '^[^@]+@[^@]+$'", batch).ShouldBe(new MetricResult(MetricKind.InvalidCount, 2, 5, 4, 2));
        Measure("invalid_percent(email) < 1 valid regex '^[^@]+@[^@]+$'", batch).Value.ShouldBe(50);
    }

    [Fact]
    public void Invalid_EmptyInput_IsZeroPercent() =>
        Measure("invalid_percent(email) < 1 valid regex 'x'", new TableView(("email", ColumnViews.Texts(null, null)))).Value.ShouldBe(0);

    [Fact]
    public void Invalid_ValuesOnNumberColumn_CompareNumerically()
    {
        // 1, 2.0, 3, null with valid values (1, '2.0') → only 3 is invalid: 1 of 3.
        var batch = new TableView(("n", ColumnViews.Numbers(1, 2, 3, null)));
        Measure("invalid_percent(n) < 1 valid values (1, '2.0')", batch).Value!.Value.ShouldBe(100.0 / 3, 1e-12);
    }

    [Fact]
    public void Invalid_MinMaxOnTextColumn_ParsesNumbers()
    {
        // "5" ok; "abc" unparsable; "12" above max → 2 invalid of 3 non-null.
        var batch = new TableView(("t", ColumnViews.Texts("5", "abc", "12", null)));
        Measure("invalid_count(t) = 0 valid min 0 valid max 10", batch).Value.ShouldBe(2);
    }

    [Fact]
    public void Invalid_LengthBetween_IsInclusive()
    {
        var batch = new TableView(("t", ColumnViews.Texts("a", "ab", "abcd", "abc")));
        Measure("invalid_count(t) = 0 valid length between 2 and 3", batch).Value.ShouldBe(2);
    }

    [Fact]
    public void Freshness_IsSecondsSinceNewestTimestamp()
    {
        var clock = new FixedClock(new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero));
        // Newest is 06:00Z written at +02:00 as 08:00 → 18 h before the clock.
        var batch = new TableView(("ts", ColumnViews.Timestamps(
            new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), null, new DateTimeOffset(2024, 1, 1, 8, 0, 0, TimeSpan.FromHours(2)))));
        Measure("freshness(ts) < 1d", new MetricContext { Time = clock }, batch).Value.ShouldBe(18 * 3600);
    }

    [Fact]
    public void Freshness_NoTimestamps_HasNoValue() =>
        Measure("freshness(ts) < 1d", new TableView(("ts", ColumnViews.Timestamps(null, null)))).Value.ShouldBeNull();

    [Theory]
    [InlineData("min(amount) >= 0", 10.0)]
    [InlineData("max(amount) <= 10", 30.0)]
    [InlineData("avg(amount) between 1 and 5", 20.0)]
    [InlineData("sum(amount) > 0", 60.0)]
    // Sample stddev of 10, 30, 20: Σ(x − 20)² = 200, / (3 − 1) = 100 → 10.
    [InlineData("stddev(amount) < 3", 10.0)]
    public void NumericAggregates_IgnoreNulls(string check, double expected)
    {
        var result = Measure(check, Amounts);
        result.Value!.Value.ShouldBe(expected, 1e-12);
        result.Evaluated.ShouldBe(3);
    }

    [Theory]
    [InlineData("min(amount) >= 0")]
    [InlineData("max(amount) <= 10")]
    [InlineData("avg(amount) > 0")]
    [InlineData("stddev(amount) < 3")]
    public void NumericAggregates_NoValues_AreNullNotNaN(string check) => Measure(check, NoAmounts).Value.ShouldBeNull();

    [Fact]
    public void Sum_NoValues_IsZero() => Measure("sum(amount) > 0", NoAmounts).Value.ShouldBe(0);

    [Fact]
    public void Stddev_OneValue_IsNull() =>
        Measure("stddev(x) < 3", new TableView(("x", ColumnViews.Numbers(4, null)))).Value.ShouldBeNull();

    [Fact]
    public void Stddev_StreamedInBatches_EqualsOneBatch()
    {
        var whole = Measure("stddev(x) < 3", new TableView(("x", ColumnViews.Numbers(1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4))));
        var split = Measure("stddev(x) < 3",
            new TableView(("x", ColumnViews.Numbers(1e9 + 1, 1e9 + 2))), new TableView(("x", ColumnViews.Numbers(1e9 + 3, 1e9 + 4))));
        // Sample stddev of 1..4 is √(5/3).
        split.Value!.Value.ShouldBe(Math.Sqrt(5.0 / 3), 1e-9);
        whole.Value!.Value.ShouldBe(split.Value!.Value, 1e-12);
    }

    [Fact]
    public void Reference_CountsKeysMissingFromTheReferencedSet()
    {
        var customers = new ReferenceKeySet("customers", ["id"]);
        customers.Add(new TableView(("id", ColumnViews.Numbers(1, 2, 3))));
        var context = new MetricContext { References = [customers] };
        var orders = new TableView(("customer_id", ColumnViews.Numbers(1, 2, 99, null)));
        Measure("values in (customer_id) must exist in customers (id)", context, orders)
            .ShouldBe(new MetricResult(MetricKind.ReferenceMissingCount, 1, 4, 3, 1));
    }

    [Fact]
    public void Reference_TwoKeySetsOfOneDataset_EachCheckUsesItsOwnColumns()
    {
        var customers = new TableView(("id", ColumnViews.Numbers(1, 2)), ("email", ColumnViews.Texts("a@x", "b@x")));
        var byId = new ReferenceKeySet("customers", ["id"]);
        var byEmail = new ReferenceKeySet("customers", ["email"]);
        byId.Add(customers);
        byEmail.Add(customers);
        var context = new MetricContext { References = [byEmail, byId] };
        var orders = new TableView(("customer_id", ColumnViews.Numbers(1, 3, 3)), ("email", ColumnViews.Texts("a@x", "b@x", "c@x")));

        Measure("values in (customer_id) must exist in customers (id)", context, orders).Failing.ShouldBe(2);
        Measure("values in (email) must exist in customers (email)", context, orders).Failing.ShouldBe(1);
        Measure("values in (email) must exist in customers (name)", context, orders).Error.ShouldBe(
            "No keys of 'customers' over (name) were provided (MetricContext.References).");
    }

    [Fact]
    public void Reference_TextKeys_AreCaseSensitiveAndNullKeysAreNotChecked()
    {
        var customers = new ReferenceKeySet("customers", ["code"]);
        customers.Add(new TableView(("code", ColumnViews.Texts("c1", "C2", null))));
        var orders = new TableView(("code", ColumnViews.Texts("c1", "C1", "c2", null, "C2")));

        // Keyed rows: c1, C1, c2, C2 (null skipped); C1 and c2 differ from a reference key only by case → 2 missing.
        Measure("values in (code) must exist in customers (code)", new MetricContext { References = [customers] }, orders)
            .ShouldBe(new MetricResult(MetricKind.ReferenceMissingCount, 2, 5, 4, 2));
    }

    [Fact]
    public void Reference_KeyKindDiffersFromTheReferenceColumn_IsAnErrorNotAllMissing()
    {
        var customers = new ReferenceKeySet("customers", ["id"]);
        customers.Add(new TableView(("id", ColumnViews.Texts("1", "2"))));
        Measure("values in (customer_id) must exist in customers (id)", new MetricContext { References = [customers] }, new TableView(("customer_id", ColumnViews.Numbers(1))))
            .Error.ShouldBe("'customer_id' is Number but 'id' in 'customers' is Text; values of different types never match, so read both with the same type.");
    }

    [Fact]
    public void Reference_KeySetWithAnError_ReportsThatError()
    {
        var broken = new ReferenceKeySet("customers", ["id"]) { Error = "Column 'id' is not in the reference data 'customers'." };
        Measure("values in (customer_id) must exist in customers (id)", new MetricContext { References = [broken] }, new TableView(("customer_id", ColumnViews.Numbers(1))))
            .Error.ShouldBe("Column 'id' is not in the reference data 'customers'.");
    }

    [Fact]
    public void Reference_WithoutKeySet_IsAnError() =>
        Measure("values in (customer_id) must exist in customers (id)", new TableView(("customer_id", ColumnViews.Numbers(1))))
            .Error.ShouldNotBeNull().ShouldContain("customers");

    [Fact]
    public void Expression_CountsFalseRowsButNotNullOnes()
    {
        var context = new MetricContext { ExpressionEvaluator = (_, batch) => ColumnViews.Booleans(true, false, null, false) };
        Measure("expression: amount > 0", context, new TableView(4, []))
            .ShouldBe(new MetricResult(MetricKind.ExpressionViolationCount, 2, 4, 3, 2));
    }

    [Fact]
    public void MissingColumn_IsAnErrorResult()
    {
        var result = Measure("missing_count(nope) = 0", Amounts);
        result.Value.ShouldBeNull();
        result.Error.ShouldBe("Column 'nope' is not in the data.");
    }

    [Fact]
    public void AggregateOnTextColumn_IsAnErrorResult() =>
        Measure("avg(t) > 0", new TableView(("t", ColumnViews.Texts("1")))).Error.ShouldNotBeNull().ShouldContain("needs a Number column");
}
