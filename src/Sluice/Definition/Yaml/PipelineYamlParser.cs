using Sluice.Definition.Validation;
using YamlDotNet.RepresentationModel;

namespace Sluice.Definition.Yaml;

/// <summary>Turns a YAML mapping into a <see cref="PipelineDefinition"/>, reporting every structural problem.</summary>
/// <remarks>
/// Bad parts are left out or replaced by placeholders (a task with an empty id) so that task indices
/// still match the source map and the validator can report the remaining problems in the same pass.
/// </remarks>
internal sealed partial class PipelineYamlParser(YamlReader reader)
{
    private readonly YamlReader _r = reader;

    public PipelineDefinition Parse(YamlMappingNode root)
    {
        _r.Record(string.Empty, root);
        var def = new PipelineDefinition { Id = string.Empty };
        var hasId = false;
        foreach (var (key, node, path) in _r.Entries(root, string.Empty, YamlKeys.Root, "the pipeline"))
        {
            switch (key)
            {
                case "id":
                    def = def with { Id = PipelineId(node) ?? string.Empty };
                    hasId = true;
                    break;
                case "name":
                    def = def with { Name = _r.Text(node, "'name'") };
                    break;
                case "version":
                    def = def with { Version = _r.Text(node, "'version'") };
                    break;
                case "metadata":
                    def = def with { Metadata = Metadata(node, path) };
                    break;
                case "inputs":
                    def = def with { Inputs = Inputs(node, path) };
                    break;
                case "models":
                    def = def with { Models = Models(node, path) };
                    break;
                case "context":
                    def = def with { Context = _r.Mapping(node, path, "'context'") is { } ctx ? _r.Map(ctx, path, "'context'") : TaskDefinition.EmptyMap };
                    break;
                case "triggers":
                    def = def with { Triggers = Triggers(node, path) };
                    break;
                case "defaults":
                    def = Defaults(def, node, path);
                    break;
                case "max_active_runs":
                    def = MaxActiveRuns(def, node, path);
                    break;
                case "concurrency":
                    def = def with { Concurrency = Concurrency(node, path) };
                    break;
                case "sla":
                    def = Sla(def, node, path);
                    break;
                case "result":
                    def = def with { Result = _r.Value(node, path) };
                    break;
                case "tasks":
                    def = def with { Tasks = Tasks(node, path) };
                    break;
            }
        }
        if (!hasId)
        {
            _r.Bag.Error(DiagnosticCodes.MissingKey, _r.Loc(root), "the pipeline has no 'id'", "add a line such as 'id: orders_etl' (lowercase letters, digits, '_' and '-')");
        }
        return def with { Source = new SourceMap(_r.File, _r.Locations) };
    }

    private string? PipelineId(YamlNode node)
    {
        var id = _r.Text(node, "'id'");
        if (id is null)
        {
            _r.Bag.Error(DiagnosticCodes.MissingKey, _r.Loc(node), "the pipeline 'id' is empty", "write for example 'id: orders_etl'");
            return null;
        }
        if (id.Length == 0 || !id.All(static c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-'))
        {
            var suggestion = new string([.. id.ToLowerInvariant().Select(static c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_')]);
            _r.Bag.Error(DiagnosticCodes.BadPipelineId, _r.Loc(node), $"the pipeline id '{id}' may only contain lowercase letters, digits, '_' and '-'", $"use '{suggestion}'");
        }
        return id;
    }

    private PipelineMetadata Metadata(YamlNode node, string path)
    {
        if (_r.Mapping(node, path, "'metadata'") is not { } map)
        {
            return PipelineMetadata.Empty;
        }
        string? description = null, author = null;
        IReadOnlyList<string> tags = [];
        var extra = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value, childPath) in _r.Entries(map, path, null, "'metadata'"))
        {
            switch (key)
            {
                case "description":
                    description = _r.Text(value, "'metadata.description'");
                    break;
                case "author":
                    author = _r.Text(value, "'metadata.author'");
                    break;
                case "tags":
                    tags = _r.TextList(value, childPath, "'metadata.tags'");
                    break;
                default:
                    extra[key] = _r.Value(value, childPath);
                    break;
            }
        }
        return new PipelineMetadata(description, author, tags, extra);
    }

    private List<ModelDefinition> Models(YamlNode node, string path)
    {
        var result = new List<ModelDefinition>();
        if (_r.Mapping(node, path, "'models'") is not { } map)
        {
            return result;
        }
        foreach (var (name, value, modelPath) in _r.Entries(map, path, null, "'models'"))
        {
            if (_r.Mapping(value, modelPath, $"model '{name}'") is not { } body)
            {
                continue;
            }
            string? provider = null, model = null;
            var settings = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, v, p) in _r.Entries(body, modelPath, null, $"model '{name}'"))
            {
                switch (key)
                {
                    case "provider":
                        provider = _r.Text(v, $"'models.{name}.provider'");
                        break;
                    case "model":
                        model = _r.Text(v, $"'models.{name}.model'");
                        break;
                    default:
                        settings[key] = _r.Value(v, p);
                        break;
                }
            }
            if (provider is null || model is null)
            {
                var missing = provider is null ? "provider" : "model";
                _r.Bag.Error(DiagnosticCodes.MissingKey, _r.Loc(value), $"model '{name}' has no '{missing}'", "a model needs 'provider' (for example openai or local) and 'model'");
                continue;
            }
            result.Add(new ModelDefinition(name, provider, model, settings));
        }
        return result;
    }

    private List<TriggerDefinition> Triggers(YamlNode node, string path)
    {
        var result = new List<TriggerDefinition>();
        if (_r.Sequence(node, path, "'triggers'") is not { } seq)
        {
            return result;
        }
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var itemPath = YamlReader.Item(path, i);
            if (_r.Mapping(seq.Children[i], itemPath, $"trigger {i + 1}") is not { } map)
            {
                result.Add(new TriggerDefinition(string.Empty, TaskDefinition.EmptyMap));
                continue;
            }
            var settings = _r.Map(map, itemPath, $"trigger {i + 1}");
            var type = settings.Remove("type", out var t) ? t as string ?? string.Empty : null;
            if (type is null)
            {
                _r.Bag.Error(DiagnosticCodes.MissingKey, _r.Loc(map), $"trigger {i + 1} has no 'type'", "add 'type:' with one of cron, interval, file, webhook, pipeline");
            }
            result.Add(new TriggerDefinition(type ?? string.Empty, settings));
        }
        return result;
    }
}
