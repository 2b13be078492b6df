module.exports = {
  displayName: 'deploy-check',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/tools/deploy-check',
};
