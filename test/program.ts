// Specs run the program through the same offline evaluator as `npm run render`.
export * from "../scripts/offline";
