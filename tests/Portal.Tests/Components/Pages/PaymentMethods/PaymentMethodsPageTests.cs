using Bunit;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Tests.Support;
using Page = Vinr.Portal.Components.Pages.PaymentMethods.PaymentMethodsPage;

namespace Vinr.Portal.Tests.Components.Pages.PaymentMethods;

public sealed class PaymentMethodsPageTests : PortalComponentTest
{
    [Fact]
    public void In_spanish_the_cards_their_labels_and_actions_are_spanish()
    {
        var page = RenderInPortal<Page>(AccessFor(), culture: "es");
        page.WaitForElement("[data-testid=card]");

        Assert.Equal("Métodos de pago", page.Find("h1").TextContent);
        var card = page.Find("[data-testid=card]");
        Assert.Contains("Caduca: ", card.TextContent, StringComparison.Ordinal);
        Assert.Contains("Predeterminada", card.TextContent, StringComparison.Ordinal);
        Assert.Equal("Sus tarjetas", page.Find("section.portal-section").GetAttribute("aria-label"));
        Assert.Equal("Añadir una tarjeta", page.Find("[data-testid=add-card]").TextContent.Trim());
    }

    [Fact]
    public void With_no_card_it_says_what_to_do_in_the_customers_language()
    {
        using (var db = DbFactory.CreateDbContext())
        {
            db.PaymentMethods.ExecuteUpdate(p => p.SetProperty(x => x.DetachedAt, Now));
        }

        var page = RenderInPortal<Page>(AccessFor(), culture: "fr");
        page.WaitForElement("[data-testid=no-cards]");

        Assert.Equal("Aucune carte pour l’instant — ajoutez-en une pour régler votre abonnement.", page.Find("[data-testid=no-cards]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=cards]"));
        Assert.Equal("Ajouter une carte", page.Find("[data-testid=add-card]").TextContent.Trim());
    }
}
