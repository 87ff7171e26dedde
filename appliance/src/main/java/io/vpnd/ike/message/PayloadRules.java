package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.ExchangeType;
import io.vpnd.ike.message.IkeConstants.NotifyType;
import io.vpnd.ike.message.IkeConstants.PayloadType;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which payloads each message may carry (RFC 7296 §1.2–§1.5, §2.6, §2.21, RFC 6023, RFC 5998),
 * checked by {@link IkeMessage#decodeUnprotected}, {@link IkeMessage#decrypt} and
 * {@link FragmentAssembler} before any exchange logic sees a message. A violation is an
 * {@link InvalidSyntaxException}.
 *
 * <p>Each (exchange type, request/response) has one or more {@link Form forms}; a message must
 * match one of them. A form lists, per payload type, the minimum and maximum count and whether the
 * payload must be inside SK; payload types it does not list are not allowed. Unknown non-critical
 * payloads are ignored. Which notify types are legal where is left to the exchange logic, except
 * that error-only forms require a notify of an error type.
 *
 * <pre>
 * IKE_SA_INIT request      N*, SA, KE, Ni, V*                                    (cleartext)
 * IKE_SA_INIT response     SA, KE, Nr, CERTREQ*, N*, V*                          (cleartext)
 *                          | N+ (an error or COOKIE), V*                         (cleartext)
 * IKE_AUTH request         SK{IDi, CERT*, CERTREQ*, IDr?, AUTH?, CP?, [SA, TSi, TSr], N*, V*}
 *                          | SK{EAP, N*, V*} | SK{AUTH, N*, V*}                   (EAP rounds)
 * IKE_AUTH response        SK{IDr, CERT*, AUTH, EAP?, CP?, [SA, TSi, TSr], N*, V*}
 *                          | SK{EAP, N*, V*} | SK{AUTH, CP?, [SA, TSi, TSr], N*, V*}
 *                          | SK{N+ (an error), V*}
 * CREATE_CHILD_SA request  SK{SA, Ni, KE?, TSi, TSr, N*, V*} | SK{SA, Ni, KE, N*, V*} (IKE rekey)
 * CREATE_CHILD_SA response SK{SA, Nr, KE?, TSi, TSr, N*, V*} | SK{SA, Nr, KE, N*, V*}
 *                          | SK{N+ (an error), V*}
 * INFORMATIONAL both       SK{N*, D*, CP?, V*}
 * any response             N+ (INVALID_IKE_SPI or INVALID_MAJOR_VERSION), V*    (cleartext, §1.5)
 * </pre>
 * [SA, TSi, TSr] means all three or none (none: childless IKE_AUTH, RFC 6023, or no Child SA
 * because of an error notify). Unbounded counts are capped ({@link #MANY}, {@link #MAX_CERTS}) so
 * that a peer cannot make us walk thousands of payloads.
 */
public final class PayloadRules {
    private PayloadRules() {}

    /** Cap for N, D and V payloads in one message. */
    public static final int MANY = 32;
    /** Cap for CERT and CERTREQ payloads in one message. */
    public static final int MAX_CERTS = 8;

    /** What a form requires of the notifies of a message. */
    public enum NotifyRequirement {
        /** No requirement. */
        NONE,
        /** At least one notify of an error type (0..16383, known or not). */
        ERROR,
        /** At least one error notify or N(COOKIE) (IKE_SA_INIT response without an SA). */
        ERROR_OR_COOKIE,
        /** At least one N(INVALID_IKE_SPI) or N(INVALID_MAJOR_VERSION): the unprotected replies of RFC 7296 §1.5. */
        UNPROTECTED_ERROR
    }

    /**
     * How often one payload type may occur.
     *
     * @param type      payload type
     * @param min       minimum count
     * @param max       maximum count
     * @param encrypted true when the payload must be inside SK, false when it must be in the clear
     */
    public record Rule(PayloadType type, int min, int max, boolean encrypted) {}

    /**
     * One acceptable shape of a message.
     *
     * @param name      short name for error messages and logs
     * @param rules     allowed payload types; all rules of a form agree on {@code encrypted}
     * @param allOrNone groups of payload types that occur together or not at all
     * @param notifies  what the notifies must include
     */
    public record Form(String name, List<Rule> rules, List<Set<PayloadType>> allOrNone, NotifyRequirement notifies) {
        public Form {
            rules = List.copyOf(rules);
            allOrNone = List.copyOf(allOrNone);
            if (rules.stream().map(Rule::encrypted).distinct().count() != 1) {
                throw new IllegalArgumentException("form " + name + " mixes encrypted and cleartext rules");
            }
        }

        /** True when the form's payloads are inside SK. */
        public boolean encrypted() { return rules.get(0).encrypted(); }

        Rule rule(PayloadType type) {
            for (Rule r : rules) {
                if (r.type() == type) return r;
            }
            return null;
        }
    }

    private static final Set<PayloadType> CHILD_SA = Set.of(PayloadType.SA, PayloadType.TSi, PayloadType.TSr);

    private static final Map<ExchangeType, List<Form>> REQUEST_FORMS = new EnumMap<>(ExchangeType.class);
    private static final Map<ExchangeType, List<Form>> RESPONSE_FORMS = new EnumMap<>(ExchangeType.class);

    static {
        Form unprotectedError = new Form("unprotected error reply",
                List.of(clear(PayloadType.N, 1, MANY), clear(PayloadType.V, 0, MANY)),
                List.of(), NotifyRequirement.UNPROTECTED_ERROR);

        REQUEST_FORMS.put(ExchangeType.IKE_SA_INIT, List.of(
                new Form("IKE_SA_INIT request", List.of(
                        clear(PayloadType.SA, 1, 1), clear(PayloadType.KE, 1, 1), clear(PayloadType.NONCE, 1, 1),
                        clear(PayloadType.N, 0, MANY), clear(PayloadType.V, 0, MANY)),
                        List.of(), NotifyRequirement.NONE)));
        RESPONSE_FORMS.put(ExchangeType.IKE_SA_INIT, List.of(
                new Form("IKE_SA_INIT response", List.of(
                        clear(PayloadType.SA, 1, 1), clear(PayloadType.KE, 1, 1), clear(PayloadType.NONCE, 1, 1),
                        clear(PayloadType.CERTREQ, 0, MAX_CERTS), clear(PayloadType.N, 0, MANY), clear(PayloadType.V, 0, MANY)),
                        List.of(), NotifyRequirement.NONE),
                new Form("IKE_SA_INIT error or cookie response", List.of(
                        clear(PayloadType.N, 1, MANY), clear(PayloadType.V, 0, MANY)),
                        List.of(), NotifyRequirement.ERROR_OR_COOKIE)));

        REQUEST_FORMS.put(ExchangeType.IKE_AUTH, List.of(
                new Form("IKE_AUTH request", List.of(
                        sk(PayloadType.IDi, 1, 1), sk(PayloadType.CERT, 0, MAX_CERTS), sk(PayloadType.CERTREQ, 0, MAX_CERTS),
                        sk(PayloadType.IDr, 0, 1), sk(PayloadType.AUTH, 0, 1), sk(PayloadType.CP, 0, 1),
                        sk(PayloadType.SA, 0, 1), sk(PayloadType.TSi, 0, 1), sk(PayloadType.TSr, 0, 1),
                        sk(PayloadType.N, 0, MANY), sk(PayloadType.V, 0, MANY)),
                        List.of(CHILD_SA), NotifyRequirement.NONE),
                new Form("IKE_AUTH EAP request", List.of(
                        sk(PayloadType.EAP, 1, 1), sk(PayloadType.N, 0, MANY), sk(PayloadType.V, 0, MANY)),
                        List.of(), NotifyRequirement.NONE),
                new Form("IKE_AUTH final EAP request", List.of(
                        sk(PayloadType.AUTH, 1, 1), sk(PayloadType.N, 0, MANY), sk(PayloadType.V, 0, MANY)),
                        List.of(), NotifyRequirement.NONE)));
        RESPONSE_FORMS.put(ExchangeType.IKE_AUTH, List.of(
                new Form("IKE_AUTH response", List.of(
                        sk(PayloadType.IDr, 1, 1), sk(PayloadType.CERT, 0, MAX_CERTS), sk(PayloadType.AUTH, 1, 1),
                        sk(PayloadType.EAP, 0, 1), sk(PayloadType.CP, 0, 1),
                        sk(PayloadType.SA, 0, 1), sk(PayloadType.TSi, 0, 1), sk(PayloadType.TSr, 0, 1),
                        sk(PayloadType.N, 0, MANY), sk(PayloadType.V, 0, MANY)),
                        List.of(CHILD_SA), NotifyRequirement.NONE),
                new Form("IKE_AUTH EAP response", List.of(
                        sk(PayloadType.EAP, 1, 1), sk(PayloadType.N, 0, MANY), sk(PayloadType.V, 0, MANY)),
                        List.of(), NotifyRequirement.NONE),
                new Form("IKE_AUTH final EAP response", List.of(
                        sk(PayloadType.AUTH, 1, 1), sk(PayloadType.CP, 0, 1),
                        sk(PayloadType.SA, 0, 1), sk(PayloadType.TSi, 0, 1), sk(PayloadType.TSr, 0, 1),
                        sk(PayloadType.N, 0, MANY), sk(PayloadType.V, 0, MANY)),
                        List.of(CHILD_SA), NotifyRequirement.NONE),
                new Form("IKE_AUTH error response", List.of(
                        sk(PayloadType.N, 1, MANY), sk(PayloadType.V, 0, MANY)),
                        List.of(), NotifyRequirement.ERROR),
                unprotectedError));

        REQUEST_FORMS.put(ExchangeType.CREATE_CHILD_SA, List.of(
                new Form("CREATE_CHILD_SA request", List.of(
                        sk(PayloadType.SA, 1, 1), sk(PayloadType.NONCE, 1, 1), sk(PayloadType.KE, 0, 1),
                        sk(PayloadType.TSi, 1, 1), sk(PayloadType.TSr, 1, 1),
                        sk(PayloadType.N, 0, MANY), sk(PayloadType.V, 0, MANY)),
                        List.of(), NotifyRequirement.NONE),
                new Form("CREATE_CHILD_SA IKE rekey request", List.of(
                        sk(PayloadType.SA, 1, 1), sk(PayloadType.NONCE, 1, 1), sk(PayloadType.KE, 1, 1),
                        sk(PayloadType.N, 0, MANY), sk(PayloadType.V, 0, MANY)),
                        List.of(), NotifyRequirement.NONE)));
        RESPONSE_FORMS.put(ExchangeType.CREATE_CHILD_SA, List.of(
                new Form("CREATE_CHILD_SA response", List.of(
                        sk(PayloadType.SA, 1, 1), sk(PayloadType.NONCE, 1, 1), sk(PayloadType.KE, 0, 1),
                        sk(PayloadType.TSi, 1, 1), sk(PayloadType.TSr, 1, 1),
                        sk(PayloadType.N, 0, MANY), sk(PayloadType.V, 0, MANY)),
                        List.of(), NotifyRequirement.NONE),
                new Form("CREATE_CHILD_SA IKE rekey response", List.of(
                        sk(PayloadType.SA, 1, 1), sk(PayloadType.NONCE, 1, 1), sk(PayloadType.KE, 1, 1),
                        sk(PayloadType.N, 0, MANY), sk(PayloadType.V, 0, MANY)),
                        List.of(), NotifyRequirement.NONE),
                new Form("CREATE_CHILD_SA error response", List.of(
                        sk(PayloadType.N, 1, MANY), sk(PayloadType.V, 0, MANY)),
                        List.of(), NotifyRequirement.ERROR),
                unprotectedError));

        List<Rule> informational = List.of(sk(PayloadType.N, 0, MANY), sk(PayloadType.D, 0, MANY),
                sk(PayloadType.CP, 0, 1), sk(PayloadType.V, 0, MANY));
        REQUEST_FORMS.put(ExchangeType.INFORMATIONAL, List.of(
                new Form("INFORMATIONAL request", informational, List.of(), NotifyRequirement.NONE)));
        RESPONSE_FORMS.put(ExchangeType.INFORMATIONAL, List.of(
                new Form("INFORMATIONAL response", informational, List.of(), NotifyRequirement.NONE),
                unprotectedError));
    }

    private static Rule clear(PayloadType type, int min, int max) {
        return new Rule(type, min, max, false);
    }

    private static Rule sk(PayloadType type, int min, int max) {
        return new Rule(type, min, max, true);
    }

    /** The forms a request ({@code response == false}) or response of an exchange may take. */
    public static List<Form> forms(ExchangeType exchangeType, boolean response) {
        return (response ? RESPONSE_FORMS : REQUEST_FORMS).get(exchangeType);
    }

    /**
     * Checks a message against the forms of its exchange. For a message still sealed (SK or SKF
     * not yet opened) only the cleartext part can be checked: it must hold no payload vpnd knows
     * besides the sealed one, and IKE_SA_INIT must not be sealed at all.
     *
     * @throws InvalidSyntaxException naming the first form's violation when no form matches
     */
    public static void check(IkeMessage message) throws InvalidSyntaxException {
        IkeHeader h = message.header();
        String kind = h.exchangeType() + (h.responseFlag() ? " response" : " request");
        IkeMessage.Protection protection = message.protection();
        if (protection == IkeMessage.Protection.SEALED || protection == IkeMessage.Protection.SEALED_FRAGMENT) {
            if (h.exchangeType() == ExchangeType.IKE_SA_INIT) {
                throw new InvalidSyntaxException(kind + " with an encrypted payload");
            }
            for (IkePayload p : message.cleartextPayloads()) {
                if (!(p instanceof UnknownPayload)) {
                    throw new InvalidSyntaxException(kind + ": " + PayloadType.nameOf(p.typeId()) + " outside the encrypted payload");
                }
            }
            return;
        }
        List<Form> forms = forms(h.exchangeType(), h.responseFlag());
        String first = null;
        for (Form f : forms) {
            String problem = violation(f, message);
            if (problem == null) return;
            if (first == null) first = problem;
        }
        throw new InvalidSyntaxException(kind + " " + first + (forms.size() > 1 ? " (and matches no other form)" : ""));
    }

    /** Why {@code message} does not have the shape of {@code form}, or null when it does. */
    static String violation(Form form, IkeMessage message) {
        boolean open = message.protection() == IkeMessage.Protection.OPEN;
        if (form.encrypted() != open) {
            return "does not match '" + form.name() + "': " + (form.encrypted() ? "needs" : "must not have") + " an SK payload";
        }
        Map<PayloadType, Integer> counts = new EnumMap<>(PayloadType.class);
        List<NotifyPayload> notifies = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            boolean inside = pass == 1;
            for (IkePayload p : inside ? message.encryptedPayloads() : message.cleartextPayloads()) {
                if (p instanceof UnknownPayload) continue;
                PayloadType type = PayloadType.byId(p.typeId());
                Rule rule = form.rule(type);
                if (rule == null) return "does not match '" + form.name() + "': " + type + " is not allowed";
                if (rule.encrypted() != inside) {
                    return "does not match '" + form.name() + "': " + type + (rule.encrypted() ? " must be inside SK" : " must not be encrypted");
                }
                counts.merge(type, 1, Integer::sum);
                if (p instanceof NotifyPayload n) notifies.add(n);
            }
        }
        for (Rule r : form.rules()) {
            int n = counts.getOrDefault(r.type(), 0);
            if (n < r.min() || n > r.max()) {
                return "does not match '" + form.name() + "': " + n + " " + r.type() + " payloads (allowed "
                        + r.min() + (r.max() == r.min() ? "" : ".." + r.max()) + ")";
            }
        }
        for (Set<PayloadType> group : form.allOrNone()) {
            long present = group.stream().filter(counts::containsKey).count();
            if (present != 0 && present != group.size()) {
                return "does not match '" + form.name() + "': " + group + " must occur together";
            }
        }
        boolean ok = switch (form.notifies()) {
            case NONE -> true;
            case ERROR -> notifies.stream().anyMatch(NotifyPayload::isError);
            case ERROR_OR_COOKIE -> notifies.stream().anyMatch(n -> n.isError() || n.is(NotifyType.COOKIE));
            case UNPROTECTED_ERROR -> notifies.stream().anyMatch(n -> n.is(NotifyType.INVALID_IKE_SPI)
                    || n.is(NotifyType.INVALID_MAJOR_VERSION));
        };
        if (!ok) return "does not match '" + form.name() + "': needs a notify of type " + form.notifies();
        return null;
    }
}
