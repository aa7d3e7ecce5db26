// The API the page mounts on, made before anything else in the bundle runs: in bridge mode this is where the
// window's state is first asked for, so its request overlaps with evaluating React and the views. main.tsx
// imports this module first (ES modules evaluate in import order); the app build folds the condition to false.
import type { CertwatchApi } from '../../main/shared/contract';
import { bridgeApi } from './bridge-client';

export const earlyApi: CertwatchApi | undefined =
  __CERTWATCH_BRIDGE__ && !window.certwatch ? bridgeApi(window, { prefetch: true }) : window.certwatch;
