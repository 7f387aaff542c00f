export { mockState, Registered, SEED_HOSTNAME } from "../scripts/offline";
