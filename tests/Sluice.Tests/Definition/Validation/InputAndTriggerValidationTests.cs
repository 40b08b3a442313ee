using Sluice.Definition.Validation;

namespace Sluice.Tests.Definition.Validation;

public class InputAndTriggerValidationTests
{
    private const string Tasks = """

        tasks:
          - id: t
            action: shell
            parameters: {command: ls}
        """;

    [Fact]
    public void Load_InputDefaultOfWrongType_ReportsIt()
    {
        var result = DefinitionAssert.Load("""
            id: p
            inputs:
              workers: {type: integer, default: many}
            """ + Tasks);
        result.HasDiagnostic(DiagnosticCodes.InputDefaultType, 3, 37, "the default of input 'workers' is 'many', which is not a whole number");
    }

    [Fact]
    public void Load_InputDefaultNotInEnum_SuggestsValue()
    {
        var result = DefinitionAssert.Load("""
            id: p
            inputs:
              mode:
                type: string
                enum: [batch, streaming]
                default: bacth
            """ + Tasks);
        result.HasDiagnostic(DiagnosticCodes.InputEnum, 6, 14, "the default 'bacth' of input 'mode' is not one of its allowed values")
            .Hint.ShouldBe("did you mean 'batch'? allowed values: 'batch', 'streaming'");
    }

    [Fact]
    public void Load_EnumValueOfWrongType_ReportsIt()
    {
        var result = DefinitionAssert.Load("""
            id: p
            inputs:
              level: {type: integer, enum: [1, two]}
            """ + Tasks);
        result.HasDiagnostic(DiagnosticCodes.InputEnum, 3, 36, "the allowed value 'two' of input 'level'");
    }

    [Fact]
    public void Load_BadCron_ExplainsTheField()
    {
        var result = DefinitionAssert.Load("""
            id: p
            triggers:
              - type: cron
                cron: "0 25 * * *"
            """ + Tasks);
        result.HasDiagnostic(DiagnosticCodes.BadCron, 4, 14, "the hour field '25'");
    }

    [Fact]
    public void Load_CronWithWrongFieldCount_ReportsIt()
    {
        var result = DefinitionAssert.Load("""
            id: p
            triggers: [{type: cron, cron: "0 2 * *"}]
            """ + Tasks);
        result.HasDiagnostic(DiagnosticCodes.BadCron, 2, 32, "it has 4 field(s)");
    }

    [Fact]
    public void Load_UnknownTimeZone_ReportsIt()
    {
        var result = DefinitionAssert.Load("""
            id: p
            triggers:
              - {type: cron, cron: "0 2 * * *", timezone: Europe/Pariss}
            """ + Tasks);
        result.HasDiagnostic(DiagnosticCodes.BadTimeZone, 3, 47, "'Europe/Pariss' is not a known time zone");
    }

    [Fact]
    public void Load_ValidTriggersOfEveryType_Load()
    {
        var result = DefinitionAssert.Load("""
            id: p
            triggers:
              - {type: cron, cron: "*/15 2-4 * JAN-MAR MON-FRI", timezone: Europe/Paris, catchup: false, max_catchup_runs: 3}
              - {type: cron, cron: "0 0 2 * * ?"}
              - {type: interval, every: 1h30m, start_at: "2025-01-01T00:00:00Z"}
              - {type: file, glob: "in/*.csv", settle: 10s}
              - {type: webhook, key: "{{ secret('HOOK_KEY') }}"}
              - {type: pipeline, pipeline: upstream_etl, on: [success]}
            """ + Tasks);
        result.ShouldSucceed();
        result.Definition!.Triggers.Select(t => t.Type).ShouldBe(["cron", "cron", "interval", "file", "webhook", "pipeline"]);
    }

    [Fact]
    public void Load_UnknownTriggerKeyAndType_AreReported()
    {
        var result = DefinitionAssert.Load("""
            id: p
            triggers:
              - {type: interval, evry: 5m}
              - {type: crn, cron: "0 2 * * *"}
            """ + Tasks);
        result.HasDiagnostic(DiagnosticCodes.UnknownKey, 3, 22, "unknown key 'evry' in interval trigger 1").Hint.ShouldBe("did you mean 'every'?");
        result.HasDiagnostic(DiagnosticCodes.BadTrigger, 3, 5, "has no 'every'");
        result.HasDiagnostic(DiagnosticCodes.InvalidValue, 4, 12, "unknown type 'crn'").Hint.ShouldBe("did you mean 'cron'?");
    }

    [Fact]
    public void Load_BadTriggerDuration_ReportsIt()
    {
        var result = DefinitionAssert.Load("""
            id: p
            triggers:
              - {type: interval, every: 5 mins}
            """ + Tasks);
        result.HasDiagnostic(DiagnosticCodes.BadDuration, 3, 29, "'every' of interval trigger 1 is not a valid duration");
    }
}
