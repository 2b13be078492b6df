module.exports = {
  displayName: 'reportes-worker',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/reportes-worker',
};
