/** LB settings as config.ts fills them when nothing optional is set. */
export const plainLb = {
    layerType: "nlb" as const,
    internal: false,
    annotations: {},
    addressTimeoutSeconds: 600,
    sourceRanges: [],
    proxyProtocol: false,
    tlsPorts: [],
    retainPublicIpOnTermination: false,
};
