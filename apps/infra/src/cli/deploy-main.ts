import './exit-on-config-error';
import { runCdktf } from './deploy';

// Usage: deploy-main.ts <deploy|destroy> --env=<state|dev|prod> [--auto-approve] [--yes-i-mean-prod]
const [action, ...argv] = process.argv.slice(2);
if (action !== 'deploy' && action !== 'destroy') {
  console.error('usage: deploy-main.ts <deploy|destroy> --env=<state|dev|prod> [--auto-approve] [--yes-i-mean-prod]');
  process.exitCode = 2;
} else {
  runCdktf(action, argv);
}
