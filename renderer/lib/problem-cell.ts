// The watchlist's Problem cell: one short line for every row that is not OK. The rule lives in main/shared/ so
// the CLI's table says the same ("Expires in 9 days: renew now").
export { problemCell } from '../../main/shared/problem-cell';
