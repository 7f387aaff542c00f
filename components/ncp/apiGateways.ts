// NCP's API gateways, which ncp-iam-authenticator signs its requests for (NCLOUD_API_GW): one per
// NCP site. The PR workflow uses the public one unless the repository variable NCLOUD_API_GW names
// another (docs/ci.md).
//   public: ncp-iam-authenticator's default (its README, "Configure", NCLOUD_API_GW) and the NKS
//           guide "k8s-iam-auth-kubeconfig";
//   gov:    the gov NKS guide "k8s-iam-auth-kubeconfig" (guide-gov.ncloud-docs.com);
//   fin:    no readable guide page; the base URL NCP's financial-cloud SDKs are generated with
//           (com.fincloud.* clients' DEFAULT_BASE_URL). Unverified against a guide.

/** The API gateway of each NCP site. */
export const NCP_API_GATEWAYS = {
    public: "https://ncloud.apigw.ntruss.com",
    gov: "https://ncloud.apigw.gov-ntruss.com",
    fin: "https://fin-ncloud.apigw.fin-ntruss.com",
} as const;
