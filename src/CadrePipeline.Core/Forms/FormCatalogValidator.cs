using CadrePipeline.Core.Intake.Text;

namespace CadrePipeline.Core.Forms;

/// <summary>Checks a catalogue when it loads, so that a typo in forms.json fails at start, not on the first upload.</summary>
internal static class FormCatalogValidator
{
    private static readonly HashSet<string> RuleKinds = new(StringComparer.Ordinal)
    {
        "range", "notAfterPeriod", "code", "agreesWithId", "ageRange", "afterAge", "notAboveField", "afterField", "implies", "year",
    };

    public static void Validate(FormCatalog catalog)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var form in catalog.Forms)
        {
            if (string.IsNullOrWhiteSpace(form.Id) || !ids.Add(form.Id))
            {
                throw new InvalidDataException(string.IsNullOrWhiteSpace(form.Id) ? "a form has no id" : $"form '{form.Id}' is defined twice");
            }

            ValidateForm(form);
        }

        if (catalog.RegisterFormId is { } register && catalog.Find(register) is null)
        {
            throw new InvalidDataException($"registerForm names the form '{register}', which is not defined");
        }
    }

    private static void ValidateForm(FormDefinition form)
    {
        if (form.Fields is null || form.Fields.Count == 0)
        {
            throw new InvalidDataException($"form '{form.Id}' has no fields");
        }

        var fields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in form.Fields)
        {
            if (!fields.Add(f.Id))
            {
                throw new InvalidDataException($"form '{form.Id}': field '{f.Id}' is defined twice");
            }
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in form.Fields)
        {
            ValidateField(form, f, fields);
            foreach (var header in f.AllHeaders)
            {
                var key = TextFold.HeaderKey(header);
                if (key.Length == 0)
                {
                    throw new InvalidDataException($"form '{form.Id}', field '{f.Id}': the header '{header}' is blank once folded");
                }

                if (headers.TryGetValue(key, out var other) && other != f.Id)
                {
                    throw new InvalidDataException($"form '{form.Id}': the header '{header}' names both '{other}' and '{f.Id}'");
                }

                headers[key] = f.Id;
            }
        }

        foreach (var rule in form.Unique)
        {
            if (rule.Fields is null || rule.Fields.Count == 0)
            {
                throw new InvalidDataException($"form '{form.Id}': a unique rule names no fields");
            }

            foreach (var name in rule.Fields)
            {
                Require(fields, name, form, "unique");
            }
        }

        foreach (var name in form.SupersessionKey)
        {
            Require(fields, name, form, "supersessionKey");
        }
    }

    private static void ValidateField(FormDefinition form, FieldDefinition f, HashSet<string> fields)
    {
        if (f.Type == FieldType.Enum && f.Values.Count == 0)
        {
            throw new InvalidDataException($"form '{form.Id}': enum field '{f.Id}' has no values");
        }

        if (f.Type == FieldType.Area && f.Level is null)
        {
            throw new InvalidDataException($"form '{form.Id}': area field '{f.Id}' has no level");
        }

        foreach (var rule in f.Rules)
        {
            if (!RuleKinds.Contains(rule.Kind))
            {
                throw new InvalidDataException($"form '{form.Id}', field '{f.Id}': unknown rule kind '{rule.Kind}'");
            }

            var where = $"field '{f.Id}', rule '{rule.Kind}'";
            if (rule.Kind is "notAboveField" or "afterField" or "implies")
            {
                Require(fields, rule.Field ?? throw new InvalidDataException($"form '{form.Id}', {where}: no field named"), form, where);
            }

            if (rule.Field is { } other)
            {
                Require(fields, other, form, where);
            }

            if (rule.ReferenceYearField is { } year)
            {
                Require(fields, year, form, where);
            }

            foreach (var prefix in rule.PrefixFields)
            {
                Require(fields, prefix, form, where);
            }
        }
    }

    private static void Require(HashSet<string> known, string name, FormDefinition form, string where)
    {
        if (!known.Contains(name))
        {
            throw new InvalidDataException($"form '{form.Id}', {where}: unknown field '{name}'");
        }
    }
}
