namespace Vinr.Portal.Api.Features.Events;

/// <summary>Every event type VINR writes, named as Stripe names them.</summary>
public static class EventTypes
{
    public const string SessionCreated = "billing_portal.session.created";
    public const string SessionOpened = "billing_portal.session.opened";
    public const string SessionEnded = "billing_portal.session.ended";
    public const string ConfigurationCreated = "billing_portal.configuration.created";
    public const string ConfigurationUpdated = "billing_portal.configuration.updated";
    public const string CustomerCreated = "customer.created";
    public const string CustomerUpdated = "customer.updated";
    public const string CustomerDeleted = "customer.deleted";
    public const string SubscriptionCreated = "customer.subscription.created";
    public const string SubscriptionUpdated = "customer.subscription.updated";
    public const string SubscriptionDeleted = "customer.subscription.deleted";
    public const string PaymentMethodAttached = "payment_method.attached";
    public const string PaymentMethodDetached = "payment_method.detached";
    public const string InvoiceCreated = "invoice.created";
    public const string InvoicePaid = "invoice.paid";
    public const string InvoicePaymentFailed = "invoice.payment_failed";
    public const string InvoicePaymentActionRequired = "invoice.payment_action_required";
    public const string SetupIntentRequiresAction = "setup_intent.requires_action";
    public const string SetupIntentSucceeded = "setup_intent.succeeded";
    public const string SetupIntentSetupFailed = "setup_intent.setup_failed";
    public const string PaymentIntentRequiresAction = "payment_intent.requires_action";
    public const string PaymentIntentSucceeded = "payment_intent.succeeded";
    public const string PaymentIntentPaymentFailed = "payment_intent.payment_failed";
    public const string ProductCreated = "product.created";
    public const string ProductUpdated = "product.updated";
    public const string ProductDeleted = "product.deleted";
    public const string PriceCreated = "price.created";
    public const string PriceUpdated = "price.updated";
    public const string TaxRateCreated = "tax_rate.created";
    public const string TaxRateUpdated = "tax_rate.updated";
    public const string CouponCreated = "coupon.created";
    public const string CouponUpdated = "coupon.updated";
    public const string CouponDeleted = "coupon.deleted";
    public const string DiscountCreated = "customer.discount.created";
    public const string DiscountDeleted = "customer.discount.deleted";
    public const string TestClockCreated = "test_helpers.test_clock.created";
    public const string TestClockAdvancing = "test_helpers.test_clock.advancing";
    public const string TestClockReady = "test_helpers.test_clock.ready";
    public const string TestClockDeleted = "test_helpers.test_clock.deleted";
}
