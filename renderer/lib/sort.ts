// Orders watchlist rows by any column: the rule lives in main/shared/row-order.ts, so the app and the web bridge
// pick the window's first screen (`window:first-screen`) in the order the table shows.
export * from '../../main/shared/row-order';
