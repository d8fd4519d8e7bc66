// Where the course lives on disk. Tests point these elsewhere through the environment.

import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
export const labsFolder = () => process.env.LAMBDA_DOJO_LABS ?? join(projectRoot, 'labs');
export const workspaceFolder = () => process.env.LAMBDA_DOJO_WORKSPACE ?? join(projectRoot, 'workspace');
