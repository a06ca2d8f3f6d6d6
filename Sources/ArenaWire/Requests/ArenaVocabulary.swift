/// lmarena's words, in one place: the paths, header names, body fields and error bodies the
/// request builder writes, MockArena matches and answers with, and the HAR importer keeps.
/// docs/UPSTREAM.md says what each means.
public enum ArenaVocabulary {
    /// Paths on the site.
    public enum Path {
        /// Prefix of the `v2` streaming routes (create and follow-up).
        public static let v2Stream = "/nextjs-api/stream/"
        /// The `v2` route that starts an evaluation.
        public static let v2CreateEvaluation = "/nextjs-api/stream/create-evaluation"
        /// Prefix of the `v2` follow-up route; the evaluation id follows it.
        public static let v2PostToEvaluation = "/nextjs-api/stream/post-to-evaluation/"
        /// The `v2` model catalogue.
        public static let v2ModelCatalog = "/nextjs-api/model-catalog"
        /// Prefix of the legacy streaming routes.
        public static let legacyStream = "/api/stream/"
        /// The legacy model catalogue.
        public static let legacyModelCatalog = "/api/model-catalog"
        /// The legacy route that starts an evaluation.
        public static let legacyCreateEvaluation = "/api/stream/create-evaluation"
    }

    /// Fields of a `create-evaluation` body.
    public enum Field {
        /// The model's id.
        public static let modelAId = "modelAId"
        /// `chat`, `image` or `search`.
        public static let modality = "modality"
        /// The `v2` user message object.
        public static let userMessage = "userMessage"
        /// The text of a message.
        public static let content = "content"
        /// The legacy message tree.
        public static let messages = "messages"
        /// A legacy message's role.
        public static let role = "role"
        /// The reCAPTCHA v3 token.
        public static let recaptchaV3Token = "recaptchaV3Token"
        /// The reCAPTCHA v2 (checkbox) token.
        public static let recaptchaV2Token = "recaptchaV2Token"
        /// Body fields that hold credentials.
        public static let secrets: Set<String> = [recaptchaV3Token, recaptchaV2Token]
    }

    /// Cookie names.
    public enum Cookie {
        /// The session cookie (or the stem of its `.0`, `.1` ... chunks).
        public static let auth = "arena-auth-prod-v1"
        /// Cloudflare's clearance cookie.
        public static let cfClearance = "cf_clearance"
        /// The country the site believes the browser is in; sent along, not a secret.
        public static let countryCode = "user_country_code"
        /// Cloudflare's bot-management cookie, rotated by `Set-Cookie` like the others.
        public static let cfBotManagement = "__cf_bm"
    }

    /// Error bodies the site answers with.
    public enum ErrorBody {
        /// 403: the reCAPTCHA token was rejected.
        public static let recaptchaRejected = #"{"error":"recaptcha validation failed"}"#
    }
}
