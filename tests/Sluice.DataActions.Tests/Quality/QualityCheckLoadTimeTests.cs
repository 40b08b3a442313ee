using Sluice.Definition.Yaml;
using Sluice.Tests.Testing;

namespace Sluice.DataActions.Tests.Quality;

/// <summary>Reference and expression checks written literally are checked when the pipeline loads, each error at its file:line:col.</summary>
public sealed class QualityCheckLoadTimeTests
{
    private static List<string> Errors(string yaml)
    {
        var result = PipelineLoader.Load(yaml, "p.yaml", AllActions.CreateRegistry());
        result.Success.ShouldBeFalse();
        return [.. result.Errors.Select(static e => $"{e.Location}: {e.Code}: {e.Message} ({e.Hint})")];
    }

    private static void ShouldHave(List<string> errors, string location, string text) =>
        errors.ShouldContain(e => e.StartsWith(location + ": ", StringComparison.Ordinal) && e.Contains(text, StringComparison.Ordinal), string.Join("\n", errors));

    [Fact]
    public void UnknownReferenceName_AndBadExpressions_LocatedInsideTheYamlStrings()
    {
        var errors = Errors("""
            id: q
            tasks:
              - id: quality
                action: analyze_data_quality
                parameters:
                  data: in.csv
                  references: {customers: "{{ inputs.customers }}"}
                  checks:
                    - values in (customer_id) must exist in custmers (id)
                    - "expression: amount >= "
                    - "expression: lowr(name) == 'x'"
                    - "expression: amount * quantity >= 0"
            """);

        errors.Count.ShouldBe(3, string.Join("\n", errors));
        ShouldHave(errors, "p.yaml:9:49", "QC009: Unknown data set 'custmers'. (did you mean 'customers'?)");
        ShouldHave(errors, "p.yaml:10:33", "SLU300");
        ShouldHave(errors, "p.yaml:11:24", "unknown column function 'lowr'");
    }

    [Fact]
    public void ReferenceCheck_WithoutReferences_SaysWhereToNameTheData()
    {
        var errors = Errors("""
            id: q
            tasks:
              - id: quality
                action: analyze_data_quality
                parameters:
                  data: in.csv
                  checks: ["values in (customer_id) must exist in customers (id)"]
            """);

        errors.ShouldHaveSingleItem().ShouldStartWith("p.yaml:7:55: QC009: Unknown data set 'customers'. (name the data set in the task's 'references' parameter");
    }

    [Fact]
    public void LiteralExistingFiles_GiveTheColumns_SoUnknownColumnsAreLoadErrors()
    {
        using var dir = new TempDirectory();
        var orders = dir.File("orders.csv");
        var customers = dir.File("customers.csv");
        File.WriteAllText(orders, "order_id,customer_id,amount\n1,C1,10\n");
        File.WriteAllText(customers, "id,name\nC1,Ann\n");
        var errors = Errors($$"""
            id: q
            tasks:
              - id: quality
                action: analyze_data_quality
                parameters:
                  data: "{{orders}}"
                  references:
                    customers: "{{customers}}"
                  checks:
                    - "expression: amout > 0"
                    - values in (customer_id) must exist in customers (customer_id)
                    - missing_count(amout) = 0
                    - values in (customer_id) must exist in customers (id)
            """);

        errors.Count.ShouldBe(3, string.Join("\n", errors));
        ShouldHave(errors, "p.yaml:10:24", "unknown column 'amout' (did you mean 'amount'?)");
        ShouldHave(errors, "p.yaml:11:60", "QC004: Unknown column 'customer_id' in 'customers'.");
        ShouldHave(errors, "p.yaml:12:25", "QC004: Unknown column 'amout' in this data set. (did you mean 'amount'?)");
    }

    [Fact]
    public void TemplatedReferencesAndValidChecks_Load()
    {
        var result = PipelineLoader.Load("""
            id: q
            tasks:
              - id: quality
                action: analyze_data_quality
                parameters:
                  data: in.csv
                  references: "{{ inputs.references }}"
                  checks:
                    - values in (customer_id) must exist in anything (id)
                    - "expression: amount * quantity >= 0 and lower(trim(status)) in ['new', 'paid']": {warn: "> 0", fail: "> 10"}
            """, "p.yaml", AllActions.CreateRegistry());

        result.Success.ShouldBeTrue(string.Join("\n", result.Diagnostics));
    }
}
