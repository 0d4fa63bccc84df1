using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Forms;
using CadrePipeline.Core.Templates;

namespace CadrePipeline.Azure.Api;

/// <summary>The blank template from the Core template writer (the same workbook as <c>cadre template</c>).</summary>
public sealed class CoreTemplateSource(FormCatalog forms, AreaCatalog areas) : ITemplateSource
{
    public void Write(Stream output, string countyCode, int period) => TemplateWriter.Write(output, forms, areas, countyCode, period);
}
