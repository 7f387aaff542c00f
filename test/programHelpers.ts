// Shared by the program specs (program-seed.spec.ts, program-variants.spec.ts): resource types.
export const T = {
    iop: "kubernetes:install.istio.io/v1alpha1:IstioOperator",
    gateway: "kubernetes:networking.istio.io/v1beta1:Gateway",
    vs: "kubernetes:networking.istio.io/v1beta1:VirtualService",
    patch: "kubernetes:core/v1:ServicePatch",
    service: "kubernetes:core/v1:Service",
    deployment: "kubernetes:apps/v1:Deployment",
    namespace: "kubernetes:core/v1:Namespace",
};
